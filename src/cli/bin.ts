#!/usr/bin/env node
import { main } from './main.ts';
import { timing } from '../util/timing.ts';

// A reader that stops early (`rampart report | head`) is not an error: stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

timing('cli: started');
process.exitCode = await main(process.argv.slice(2));
