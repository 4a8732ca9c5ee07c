import { noteFormat, report, type ScanContext } from '../context.ts';
import { bufferSource, type ByteSource } from '../source.ts';
import { inflationCap } from './capped-output.ts';
import { withSevenZip, type SevenZipEntry, type SevenZipSession, type SevenZipRun } from './seven-zip.ts';
import { escapesRoot } from './zip-reader.ts';

/**
 * 7z archives, read by 7-Zip itself (see seven-zip.ts). The listing gives the names as stored — checked
 * for traversal, links, duplicates and encryption —, then everything is extracted under the quota and each
 * extracted file is scanned as a member, named as 7-Zip extracted it. What 7-Zip could not decode
 * (encryption, an unknown coder, damage) stays inconclusive; nothing it skipped is called clean.
 */
export async function scan7z(source: ByteSource, ctx: ScanContext): Promise<void> {
  noteFormat(ctx, '7z');
  if (source.size > ctx.limits.maxMemberBytes) {
    report(ctx, 'archive/bomb', `7z archive of ${source.size} bytes is over the member cap; it is read in memory`);
    return;
  }
  const input = source.read(0, source.size);
  const done = await withSevenZip(input, '7z', ctx.deadline, (session) => listAndExtract(ctx, session, input.length));
  if (done === 'late') report(ctx, 'archive/bomb', '7z archive: time limit reached before 7-Zip could start; not extracted');
}

/** Lists the archive, checks the stored names, extracts it under the caps and queues each file for scanning. */
function listAndExtract(ctx: ScanContext, session: SevenZipSession, inputSize: number): void {
  const listing = session.list();
  // Exit code 1 is 7-Zip's "warning": the listing stands, and extraction repeats the warning.
  if (listing.exitCode !== 0 && !(listing.exitCode === 1 && listing.entries.length)) {
    const why = listing.messages.join('; ') || (listing.exitCode === undefined ? '7-Zip stopped with an internal error' : `7-Zip exited with code ${listing.exitCode}`);
    const encrypted = /password|encrypted/i.test(why) || listing.exitCode === undefined;
    report(ctx, encrypted ? 'archive/unsupported' : 'archive/malformed', `7z archive cannot be listed${encrypted ? ' (encrypted headers need a password, or the archive is damaged)' : ''}: ${why}`);
    return;
  }
  const entries = listing.entries;
  if (entries.length > ctx.limits.maxMembers) {
    report(ctx, 'archive/bomb', `more than ${ctx.limits.maxMembers} 7z members`);
    return;
  }
  checkEntries(ctx, entries);
  const cap = inflationCap(ctx, inputSize);
  const run = session.extract({ perFile: cap.perMember, total: cap.total, deadline: ctx.deadline });
  ctx.sink.inflated += run.written;
  reportRun(ctx, run, entries, cap);
  for (const f of run.files) ctx.nested(bufferSource(f.data), f.path);
}

function checkEntries(ctx: ScanContext, entries: SevenZipEntry[]): void {
  const names = new Set<string>();
  for (const e of entries) {
    const sub = { ...ctx, member: [...ctx.member, e.path] };
    if (escapesRoot(e.path)) report(sub, 'archive/path-traversal', `7z member ${JSON.stringify(e.path)} extracts outside the target folder with tools that keep stored paths`);
    if (e.isLink) report(sub, 'archive/symlink', `7z member ${e.path} is a symbolic link`);
    if (e.encrypted) report(sub, 'archive/unsupported', `7z member ${e.path} is encrypted (${e.method}); its content cannot be scanned`);
    if (names.has(e.path)) report(sub, 'archive/header-mismatch', `member ${e.path} appears twice; extractors disagree on which one wins (both were scanned)`);
    names.add(e.path);
  }
}

function reportRun(ctx: ScanContext, run: SevenZipRun, entries: SevenZipEntry[], cap: { total: number; perMember: number }): void {
  const scanned = run.written > 0 ? `; the ${run.written} bytes extracted were scanned` : '';
  if (run.stopped === 'size') report(ctx, 'archive/bomb', `7z archive inflates past the cap (${cap.perMember} bytes per member, ${cap.total} in all, ${ctx.limits.maxRatio}:1 ratio)${scanned}`);
  if (run.stopped === 'time') report(ctx, 'archive/bomb', `7z archive: time limit reached while extracting${scanned}`);
  const encrypted = entries.some((e) => e.encrypted);
  let failed = false;
  for (const m of run.messages) {
    const link = /^Dangerous link path was ignored : (.*) : (.*)$/.exec(m);
    if (link) report({ ...ctx, member: [...ctx.member, link[1]!] }, 'archive/symlink', `7z member ${link[1]} links to ${link[2]}, outside the extraction folder`, { level: 'dangerous' });
    else if (/data after the end/i.test(m)) report(ctx, 'format/trailing-data', `bytes after the end of the 7z archive (7-Zip: ${m})`);
    else if (/password|encrypted/i.test(m)) {
      if (!encrypted) report(ctx, 'archive/unsupported', `7-Zip: ${m}`);
    } else if (/unsupported/i.test(m)) report(ctx, 'archive/unsupported', `7-Zip: ${m}`);
    else if (!run.stopped) {
      report(ctx, 'archive/malformed', `7-Zip: ${m}`);
      failed = true;
    }
  }
  if (run.stopped || failed) return;
  if (run.exitCode === undefined) report(ctx, 'archive/malformed', '7-Zip stopped with an internal error while extracting');
  else {
    // Links are not extracted (7-Zip writes them only with -snl) and encrypted members were reported above.
    const listed = entries.filter((e) => !e.isDir && !e.isLink && !e.encrypted).length;
    if (run.files.length < listed) report(ctx, 'archive/malformed', `${listed - run.files.length} of ${listed} 7z members were not extracted${run.exitCode ? ` (7-Zip exit code ${run.exitCode})` : ''}`);
  }
}
