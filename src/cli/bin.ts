#!/usr/bin/env node
import { answerWithoutCommander } from './fast-path.ts';

// `--version` and `--help` alone are answered before anything else loads (fast-path.ts); every other command line
// loads the program and the one verb it names (main.ts, verbs.ts).
if (!answerWithoutCommander(process.argv.slice(2))) {
  const [{ main }, { timing }] = await Promise.all([import('./main.ts'), import('../util/timing.ts')]);
  // A reader that stops early (`rampart report | head`) is not an error: stop quietly, as Unix tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  timing('cli: started');
  process.exitCode = await main(process.argv.slice(2));
}
