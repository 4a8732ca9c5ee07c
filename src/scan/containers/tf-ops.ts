/**
 * TensorFlow ops (shared by the SavedModel graph check and the Keras TFOpLambda check) judged by what they do when a served graph runs them. Dangerous: Python callbacks, and ops
 * that read or write a file named by a tensor or attribute (a dataset written to TFRecord or saved to a
 * directory, a summary writer, a memory-mapped constant). The checkpoint ops every SavedModel carries
 * (SaveV2, RestoreV2, MergeV2Checkpoints) are left out: their path is the caller's (unless the graph fixes
 * it: tf-checkpoint-paths.ts). Suspicious: readers and
 * data sources that open paths, databases or remote services, and debug ops that dump tensors to a URL.
 */
export const tfDangerous = new Set([
  'ReadFile', 'WriteFile', 'PyFunc', 'PyFuncStateless', 'EagerPyFunc', 'ShellExecute', 'ImmutableConst', 'DatasetToTFRecord',
  'ExperimentalDatasetToTFRecord', 'SaveDataset', 'SaveDatasetV2', 'CreateSummaryFileWriter', 'CreateSummaryDbWriter',
]);
export const tfSuspicious = new Set([
  'MatchingFiles', 'PrintV2', 'DeleteFile', 'RecursiveCreateDir', 'LoadAndRemapMatrix', 'FixedLengthRecordDataset', 'TFRecordDataset', 'TextLineDataset', 'WholeFileReader', 'ReaderReadV2',
  'FixedLengthRecordDatasetV2', 'TFRecordDatasetV2', 'TextLineDatasetV2', 'CSVDataset', 'CSVDatasetV2', 'ExperimentalCSVDataset', 'LoadDataset', 'SnapshotDataset',
  'SnapshotDatasetV2', 'MatchingFilesDataset', 'ExperimentalMatchingFilesDataset', 'SqlDataset', 'ExperimentalSqlDataset', 'LMDBDataset', 'ExperimentalLMDBDataset',
  'WholeFileReaderV2', 'TextLineReader', 'TextLineReaderV2', 'TFRecordReader', 'TFRecordReaderV2', 'FixedLengthRecordReader', 'FixedLengthRecordReaderV2', 'LMDBReader',
  'DataServiceDataset', 'DataServiceDatasetV2', 'DataServiceDatasetV3', 'DataServiceDatasetV4', 'RegisterDataset', 'RegisterDatasetV2', 'DebugIdentity', 'DebugIdentityV2',
  'DebugIdentityV3', 'DebugNanCount', 'DebugNumericSummary', 'DebugNumericSummaryV2',
]);

/** Keras API entries that download, read or write files, load other models, or turn safe mode off (in configs and pickles). */
export const kerasOutsideTheModel = new Set([
  'get_file', 'load_model', 'save_model', 'load_weights', 'save_weights', 'enable_unsafe_deserialization', 'set_global_attribute',
  'TFSMLayer', 'plot_model', 'model_to_dot', 'load_img', 'save_img', 'image_dataset_from_directory', 'text_dataset_from_directory',
  'audio_dataset_from_directory', 'ModelCheckpoint', 'BackupAndRestore', 'CSVLogger', 'TensorBoard', 'RemoteMonitor', 'LambdaCallback',
]);

/**
 * A TensorFlow API name as TFOpLambda stores it (`io.write_file`, `compat.v1.gfile.Remove`, `raw_ops.WriteFile`)
 * judged by what calling it does: dangerous when it reads, writes or deletes files, loads a library or a
 * model, or calls Python; suspicious for printing (to a file or URL when asked) and data sources; undefined
 * for the math, array and layer functions models are built from.
 */
const apiDangerous = /^(io\.(write_file|read_file|gfile\.)|gfile\.|load_op_library$|load_library$|saved_model\.|py_function$|numpy_function$|py_func$|summary\.|debugging\.experimental\.|data\.experimental\.save$|train\.|keras\.(models\.load_model|utils\.get_file|saving\.)|distribute\.)/;
const apiSuspicious = /^(print$|io\.matching_files$|data\.|config\.)/;

export function tfApiRisk(symbol: string, outsideTheModel: ReadonlySet<string>): 'dangerous' | 'suspicious' | undefined {
  const name = symbol.replace(/^tf\./, '').replace(/^(compat\.v[12]\.)+/, '');
  if (name.startsWith('raw_ops.')) {
    const op = name.slice('raw_ops.'.length);
    return tfDangerous.has(op) ? 'dangerous' : tfSuspicious.has(op) ? 'suspicious' : undefined;
  }
  if (apiDangerous.test(name) || outsideTheModel.has(name.slice(name.lastIndexOf('.') + 1))) return 'dangerous';
  return apiSuspicious.test(name) ? 'suspicious' : undefined;
}
