import protobuf from 'protobufjs';

/**
 * The parts of the ONNX (onnx/onnx.proto3) and TensorFlow SavedModel (tensorflow/core/protobuf/
 * saved_model.proto, meta_graph.proto, graph.proto, node_def.proto, function.proto) schemas the scanner
 * reads, with their real field numbers; unknown fields are skipped by the decoder.
 */
const str = (id: number, rule?: 'repeated') => ({ type: 'string', id, ...(rule ? { rule } : {}) });
const msg = (type: string, id: number, rule?: 'repeated') => ({ type, id, ...(rule ? { rule } : {}) });

export const onnxRoot = protobuf.Root.fromJSON({
  nested: {
    onnx: {
      nested: {
        ModelProto: { fields: { irVersion: { type: 'int64', id: 1 }, producerName: str(2), producerVersion: str(3), domain: str(4), graph: msg('GraphProto', 7), opsetImport: msg('OperatorSetIdProto', 8, 'repeated'), functions: msg('FunctionProto', 25, 'repeated') } },
        OperatorSetIdProto: { fields: { domain: str(1), version: { type: 'int64', id: 2 } } },
        GraphProto: { fields: { node: msg('NodeProto', 1, 'repeated'), name: str(2), initializer: msg('TensorProto', 5, 'repeated'), sparseInitializer: msg('SparseTensorProto', 15, 'repeated') } },
        SparseTensorProto: { fields: { values: msg('TensorProto', 1), indices: msg('TensorProto', 2) } },
        NodeProto: { fields: { input: str(1, 'repeated'), output: str(2, 'repeated'), name: str(3), opType: str(4), attribute: msg('AttributeProto', 5, 'repeated'), domain: str(7) } },
        AttributeProto: { fields: { name: str(1), t: msg('TensorProto', 5), g: msg('GraphProto', 6), tensors: msg('TensorProto', 10, 'repeated'), graphs: msg('GraphProto', 11, 'repeated'), sparseTensor: msg('SparseTensorProto', 22), sparseTensors: msg('SparseTensorProto', 23, 'repeated') } },
        TensorProto: { fields: { name: str(8), externalData: msg('StringStringEntryProto', 13, 'repeated'), dataLocation: { type: 'int32', id: 14 } } },
        StringStringEntryProto: { fields: { key: str(1), value: str(2) } },
        FunctionProto: { fields: { name: str(1), node: msg('NodeProto', 7, 'repeated'), domain: str(10) } },
      },
    },
  },
});

export const tfRoot = protobuf.Root.fromJSON({
  nested: {
    tf: {
      nested: {
        SavedModel: { fields: { savedModelSchemaVersion: { type: 'int64', id: 1 }, metaGraphs: msg('MetaGraphDef', 2, 'repeated') } },
        MetaGraphDef: { fields: { graphDef: msg('GraphDef', 2) } },
        GraphDef: { fields: { node: msg('NodeDef', 1, 'repeated'), library: msg('FunctionDefLibrary', 2) } },
        FunctionDefLibrary: { fields: { function: msg('FunctionDef', 1, 'repeated') } },
        FunctionDef: { fields: { signature: msg('OpDef', 1), nodeDef: msg('NodeDef', 3, 'repeated') } },
        OpDef: { fields: { name: str(1) } },
        NodeDef: { fields: { name: str(1), op: str(2), input: str(3, 'repeated'), attr: { keyType: 'string', type: 'AttrValue', id: 5 } as protobuf.IMapField } },
        AttrValue: { fields: { s: { type: 'bytes', id: 2 }, tensor: msg('TensorProto', 8) } },
        TensorProto: { fields: { stringVal: { type: 'bytes', id: 8, rule: 'repeated' } } },
        SavedMetadata: { fields: { nodes: msg('SavedObjectMeta', 1, 'repeated') } },
        SavedObjectMeta: { fields: { nodeId: { type: 'int32', id: 1 }, nodePath: str(2), identifier: str(4), metadata: str(5) } },
      },
    },
  },
});
