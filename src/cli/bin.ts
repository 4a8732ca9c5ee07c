#!/usr/bin/env node
import { answerWithoutCommander } from './fast-path.ts';
import { verbOf } from './verbs.ts';

// `--version` and `--help` alone are answered before anything else loads (fast-path.ts); every other command line
// loads the program and the one verb it names (main.ts, verbs.ts).
const argv = process.argv.slice(2);
if (!answerWithoutCommander(argv)) {
  // What the verb starts ahead (a review's store: early-store.ts) starts before commander and the verb's modules load;
  // a head start that fails costs only itself (the verb does the work again, and reports what fails then).
  const finishing = await verbOf(argv)?.prepare?.(argv.slice(1)).catch(() => undefined);
  const [{ main }, { timing }] = await Promise.all([import('./main.ts'), import('../util/timing.ts')]);
  // A reader that stops early (`rampart report | head`) is not an error: stop quietly, as Unix tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  timing('cli: started');
  process.exitCode = await main(argv);
  await finishing?.();
}
