import { performance } from 'node:perf_hooks';

/**
 * `RAMPART_TIMING=1`: one line on stderr per phase of a command (milliseconds since the process started, and the
 * main thread's CPU time), for finding where a command's time goes without a profiler. Silent otherwise.
 */
const ON = process.env.RAMPART_TIMING === '1';

export function timing(phase: string): void {
  if (!ON) return;
  const cpu = process.cpuUsage();
  process.stderr.write(`[timing] ${performance.now().toFixed(0).padStart(6)} ms  cpu ${((cpu.user + cpu.system) / 1000).toFixed(0).padStart(5)} ms  ${phase}\n`);
}
