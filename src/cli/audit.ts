import type { Command } from 'commander';
import { z } from 'zod';
import { allAudit, verifyAudit } from '../audit/audit-log.ts';
import { toOcsf } from '../audit/ocsf.ts';
import { usageError } from '../errors.ts';
import { streamSink, writeFileStreamed, type Sink } from '../report/stream/sink.ts';
import type { Store } from '../store/connection.ts';
import { EXIT } from './exit-codes.ts';
import { writeErr, writeOut } from './output.ts';
import { storeOption, withStore } from './store-option.ts';

const ExportFlags = z.object({ format: z.enum(['jsonl', 'ocsf']), out: z.string().optional(), store: z.string().optional() });

/** `rampart audit verify|export`: check the audit log's hash chain; export it as JSON Lines or OCSF API Activity. */
export function registerAudit(program: Command): void {
  const audit = program.command('audit').description("the team server's audit log: verify its hash chain (exit 1 when broken), export it as JSON Lines or OCSF");
  audit
    .command('verify')
    .description('walk the hash chain: exit 0 intact, 1 with the first broken row named')
    .addOption(storeOption())
    .action(async (raw: { store?: string }) => {
      await withStore(raw.store, async (store) => {
        const verdict = await verifyAudit(store);
        if (verdict.ok) {
          writeOut(`audit log intact: ${verdict.rows} rows, head ${verdict.head}`);
          return;
        }
        writeErr(`audit log broken at row ${verdict.brokenAt}: ${verdict.problem}`);
        process.exitCode = EXIT.findings;
      });
    });
  audit
    .command('export')
    .description('write the audit log as JSON Lines (as stored, with hashes) or OCSF API Activity (6003) events, one per line')
    .option('--format <format>', 'jsonl | ocsf', 'jsonl')
    .option('-o, --out <file>', 'write to this file instead of standard output')
    .addOption(storeOption())
    .action(async (raw: unknown) => {
      const parsed = ExportFlags.safeParse(raw);
      if (!parsed.success) throw usageError(parsed.error.issues[0]?.message ?? 'invalid options', 'see rampart audit export --help');
      const flags = parsed.data;
      await withStore(flags.store, async (store) => {
        if (flags.out) {
          await writeFileStreamed(flags.out, (out) => exportTo(out, store, flags.format));
          writeErr(`audit log: ${flags.out}`);
          return;
        }
        const out = streamSink(process.stdout);
        await exportTo(out, store, flags.format);
        await out.flush();
      });
    });
}

async function exportTo(out: Sink, store: Store, format: 'jsonl' | 'ocsf'): Promise<void> {
  for await (const record of allAudit(store)) await out.write(`${JSON.stringify(format === 'ocsf' ? toOcsf(record) : record)}\n`);
}
