import { describe, expect, it } from 'vitest';
import { describeEnvironmentError } from './environment-error.ts';

function systemError(code: string, syscall?: string, path?: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: something, ${syscall ?? ''}`), { code, ...(syscall ? { syscall } : {}), ...(path ? { path } : {}) });
}

describe('errors of the machine, not of rampart', () => {
  it.each([
    [systemError('ENOSPC', 'write'), 'write failed: no space left on the device (ENOSPC)', /free space/],
    [systemError('EROFS', 'open', '/mnt/ro/report.json'), 'open /mnt/ro/report.json failed: the file system is read-only (EROFS)', /writable folder/],
    [systemError('EMFILE'), 'a file operation failed: too many open files (EMFILE)', /ulimit/],
  ])('%s is described in one line with what to do', (error, message, hint) => {
    const described = describeEnvironmentError(error);
    expect(described?.message).toBe(message);
    expect(described?.hint).toMatch(hint);
  });

  it('leaves other errors alone (a bug stays a bug)', () => {
    expect(describeEnvironmentError(new TypeError('x is undefined'))).toBeUndefined();
    expect(describeEnvironmentError(systemError('ECONNRESET', 'read'))).toBeUndefined();
    expect(describeEnvironmentError('ENOSPC')).toBeUndefined();
  });
});
