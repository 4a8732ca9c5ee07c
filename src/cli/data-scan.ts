import type { Command } from 'commander';
import { EXIT } from './exit-codes.ts';
import { formatOption } from './options.ts';
import { colour, writeOut } from './output.ts';

interface DataScanOptions {
  label?: string;
  model?: string;
  reference?: string[];
  format: 'text' | 'json';
  rows: string;
}

/** `rampart data scan DATASET…` (src/data/README.md). Exit 0 nothing flagged, 1 rows flagged, 2 bad input. */
export function registerDataScan(data: Command): void {
  data
    .command('scan')
    .description('find label issues, backdoor triggers, duplicates, leakage of the evaluation set and outliers in CSV, JSON Lines, Parquet or NumPy data')
    .argument('<datasets...>', 'data files scanned together (same columns): .csv, .tsv, .jsonl, .parquet, .npy, .npz')
    .option('--label <column>', 'the label column (default: a column named label, target, class or y, else the last)')
    .option('--model <file.onnx>', "also look for backdoors in this model's hidden layer (activation clustering)")
    .option('--reference <file>', 'the evaluation set: rows that copy it are leakage (repeat for several files)', (v: string, acc: string[] = []) => [...acc, v])
    .option('--rows <n>', 'flagged rows shown per kind in the text report', '20')
    .addOption(formatOption(['text', 'json'] as const))
    .addHelpText('after', '\nExit codes: 0 no row flagged, 1 rows flagged, 2 usage or input error.')
    .action(async (datasets: string[], options: DataScanOptions) => {
      const { scanDataset } = await import('../data/scan/scan-dataset.ts');
      const modelFlags = options.model ? (await import('../data/scan/model-backdoor.ts')).modelBackdoorFlags(options.model) : undefined;
      const report = await scanDataset(datasets, { label: options.label, reference: options.reference, modelFlags });
      if (options.format === 'json') writeOut(JSON.stringify(report, null, 2));
      else {
        const { dataScanTextReport } = await import('../data/scan/text-report.ts');
        writeOut(dataScanTextReport(report, colour, Math.max(0, Number(options.rows) || 20)));
      }
      process.exitCode = report.flagged.length > 0 ? EXIT.findings : EXIT.ok;
    });
}
