import { noteFormat, report, type ScanContext } from '../context.ts';
import { Analyser, lineOf, type CodeIssue, type PythonAnalysis } from './python-analyser.ts';

export { lineOf, type CodeIssue, type PythonAnalysis };

/**
 * Python source shipped with a model (`modeling_*.py` reached through `auto_map`, helpers they import):
 * code that runs when the model loads. A token-level reading — not an interpreter — that resolves import
 * aliases (`import subprocess as sp`, `from os import system as s`), assignments of modules and
 * functions, `getattr`/`__import__`/`importlib` with constant-folded names (`'o'+'s'`, `'metsys'[::-1]`,
 * `chr(111)`), `sys.modules[...]`, `vars(m)[...]` and `globals()[...]`; a computed attribute of a
 * sensitive module, or a dangerous function read from a module chosen at run time, is itself dangerous.
 * Comments, strings and docstrings are never matched; f-string fields are, since Python runs them.
 */

/** `deadline` (a `Date.now()` time) stops the analysis part-way; `stoppedAt` then says where. */
export function analysePython(src: string, deadline = Infinity): PythonAnalysis {
  const encoding = codingOf(src);
  if (encoding === undefined || SAFE_CODING.test(encoding)) return new Analyser(src, deadline).run();
  // `# coding: utf-7` makes `+AAo-os.system(...)` in a "comment" a new line of code: read what Python reads.
  const utf7 = /^utf-?7$/.test(encoding);
  const a = new Analyser(utf7 ? decodeUtf7(src) : src, deadline).run();
  a.issues.unshift({ level: 'suspicious', name: `coding: ${encoding}`, what: utf7 ? 'hides code in what reads as comments and strings (the source was analysed decoded)' : 'is an unusual source encoding: the code Python runs may differ from the text shown', kind: 'use', at: 0, count: 1 });
  return a;
}

/** PEP 263 coding cookie of the first two lines, normalised. */
function codingOf(src: string): string | undefined {
  const m = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/m.exec(src.split('\n', 2).join('\n'));
  return m?.[1]!.toLowerCase().replace(/_/g, '-');
}

const SAFE_CODING = /^(utf-?8(-sig)?|(us-)?ascii|latin-?1|iso-?8859-\d+|l\d|cp(125\d|9[345]\d|437|850|852|866|874)|windows-125\d|euc-\w+|shift-?jis|sjis|gbk|gb2312|gb18030|big5|koi8-\w|mac-roman)$/;

function decodeUtf7(s: string): string {
  return s.replace(/\+([A-Za-z0-9+/]*)-?/g, (m, b64: string) => {
    if (b64 === '') return m === '+-' ? '+' : m;
    const bytes = Buffer.from(b64, 'base64');
    let out = '';
    for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
    return out;
  });
}

export function scanPythonSource(text: string, ctx: ScanContext): PythonAnalysis {
  noteFormat(ctx, 'python');
  const analysis = analysePython(text, ctx.deadline);
  if (analysis.stoppedAt !== undefined) report(ctx, 'python/source', `time limit reached at line ${analysis.stoppedAt} of ${analysis.lines}: the rest of the source was not analysed`, { level: 'inconclusive' });
  for (const i of analysis.issues) {
    report(ctx, 'python/unsafe-code', describeIssue(i, text), {
      level: i.level,
      offset: Buffer.byteLength(text.slice(0, i.at), 'utf8'),
      global: i.name,
      ...(i.args !== undefined ? { args: i.args } : {}),
      ...(i.via?.length ? { via: i.via } : {}),
    });
  }
  report(ctx, 'python/source', `Python source (${analysis.lines} lines): it runs when imported — by transformers through auto_map with trust_remote_code=True, or by any script that imports it`, { level: 'info' });
  return analysis;
}

export function describeIssue(i: CodeIssue, text: string): string {
  const line = lineOf(text, i.at);
  const verb = i.kind === 'call' ? 'calls' : i.kind === 'import' ? 'imports' : 'uses';
  const more = i.count > 1 ? ` (${i.count} places)` : '';
  return `line ${line}: ${verb} ${i.name}${i.args !== undefined ? `(${i.args})` : ''}, which ${i.what}${more}`;
}


