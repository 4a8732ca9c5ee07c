import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { cliCommand } from './cli-command.ts';

export interface ServeProcess {
  url: string;
  /** SIGTERM, then the exit code. */
  stop: () => Promise<number | null>;
  stderr: () => string;
}

/** A real `rampart serve` on an ephemeral 127.0.0.1 port over the store folder given, once it says where it listens. */
export async function startServe(storeDir: string, ...extra: string[]): Promise<ServeProcess> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [...cliCommand(), 'serve', '--port', '0', '--host', '127.0.0.1', '--store', storeDir, ...extra], { env: { ...process.env, NO_COLOR: '1' } });
  child.stdin.end();
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (found) resolve(found[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`rampart serve exited (${code}): ${stderr}`)));
  });
  return {
    url,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
  };
}
