import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/**
 * `RAMPART_TIMING=1`: one line on stderr per phase of a command (milliseconds since the process started, the CPU
 * time of the whole process — every thread, PGlite's worker too — and, on Linux, of the main thread alone), for
 * finding where a command's time goes without a profiler. PGlite's worker adds its own phases, with its thread's CPU
 * time (store/pglite-worker.ts). Silent otherwise.
 */
const ON = process.env.RAMPART_TIMING === '1';

export function timing(phase: string): void {
  if (!ON) return;
  const cpu = process.cpuUsage();
  const main = mainThreadCpuMs();
  process.stderr.write(`[timing] ${performance.now().toFixed(0).padStart(6)} ms  cpu ${((cpu.user + cpu.system) / 1000).toFixed(0).padStart(5)} ms${main === undefined ? '' : `  main ${String(main).padStart(5)} ms`}  ${phase}\n`);
}

/** The calling thread's user + system time from /proc (clock ticks of 10 ms), or undefined off Linux. */
function mainThreadCpuMs(): number | undefined {
  try {
    const fields = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
