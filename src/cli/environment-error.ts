/**
 * Failures of the machine rather than of rampart: a full disk, a read-only file system, a folder the user may not
 * write, too many open files. They reach the CLI from anywhere that writes (reports, the store, spill files) as Node's
 * system errors; a stack trace and "a bug in rampart" would send the user to the wrong place (a 100,000-asset report
 * that filled the disk did exactly that). One line instead: what failed, where, and what to do.
 */
const REMEDIES: Readonly<Record<string, { what: string; hint: string }>> = {
  ENOSPC: { what: 'no space left on the device', hint: 'free space on that disk, or write elsewhere (--out, --store, TMPDIR), and run again' },
  EDQUOT: { what: 'the disk quota is used up', hint: 'free space within your quota, or write elsewhere (--out, --store, TMPDIR), and run again' },
  EFBIG: { what: 'the file grew past what the file system allows', hint: 'write to another file system (--out), or use a streaming format such as jsonl' },
  EROFS: { what: 'the file system is read-only', hint: 'write to a writable folder (--out, --store)' },
  EACCES: { what: 'permission denied', hint: 'use a file or folder you may read and write (--out, --store), or change its permissions' },
  EPERM: { what: 'operation not permitted', hint: 'use a file or folder you may read and write (--out, --store), or change its permissions' },
  EMFILE: { what: 'too many open files', hint: 'raise the open-file limit (ulimit -n) and run again' },
  ENFILE: { what: 'the system ran out of file handles', hint: 'close other programs or raise the system limit, and run again' },
  EIO: { what: 'an input/output error on the device', hint: 'check the disk, then run again' },
};

/** The one-line message and hint for a system error of the machine, or undefined when the error is something else. */
export function describeEnvironmentError(error: unknown): { message: string; hint: string } | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, syscall, path } = error as NodeJS.ErrnoException;
  const remedy = code === undefined ? undefined : REMEDIES[code];
  if (remedy === undefined) return undefined;
  const doing = [syscall, path].filter(Boolean).join(' ');
  return { message: `${doing ? `${doing} failed` : 'a file operation failed'}: ${remedy.what} (${code})`, hint: remedy.hint };
}
