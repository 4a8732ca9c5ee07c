import { parse, tokenize } from '@huggingface/jinja';
import { report, type ScanContext } from '../context.ts';
import { unescapePython } from '../python-escapes.ts';
import type { RuleId } from '../rules.ts';
import { isNode } from './jinja-fold.ts';
import { judgeName, judgeTree, type TemplateIssue } from './jinja-judge.ts';

/**
 * Chat templates (GGUF `tokenizer.chat_template*`, `tokenizer_config.json` / `chat_template.json`
 * `chat_template` as a string or a list of `{name, template}`, `chat_template.jinja`) parsed by a real
 * Jinja parser, `@huggingface/jinja` (the lexer/parser transformers.js renders these templates with), and
 * judged on the syntax tree (jinja-judge.ts). Before parsing, string literals inside tags are decoded as
 * Jinja decodes them (Python's escapes: `\x5f`, `\u005f`, `\137`, `\N{…}`) and `{% raw %}` blocks become
 * literals, so the tree holds what Python's Jinja would see. Syntax that parser does not support
 * (`{% import %}`, `{% include %}`, `{% with %}`, `{% do %}`, …) is judged token by token instead, and a
 * template that cannot be read at all is suspicious.
 */
export type Verdict = TemplateIssue[];

const MAX_TEMPLATE = 1 << 20;
/** Statements that reach the file system or the module system of the renderer. */
const loaderStatements = /\{%[-+]?\s*(import|from|include|extends)\b/;

export function judgeTemplate(template: string): Verdict {
  if (template.length > MAX_TEMPLATE) return [{ level: 'suspicious', why: `is over ${MAX_TEMPLATE >> 10} KB and was not parsed`, what: 'size' }];
  const pre = prepare(template);
  const loader = loaderStatements.exec(pre.text);
  const issues: TemplateIssue[] = [];
  if (loader) issues.push({ level: 'dangerous', why: `uses {% ${loader[1]} %}, which loads other templates or modules`, what: loader[1]! });
  for (const s of pre.dynamic) issues.push({ level: 'suspicious', why: 'spells a string with a named escape (\\N{…})', what: s });
  try {
    const program: unknown = parse(tokenize(pre.text, { lstrip_blocks: true, trim_blocks: true }));
    if (isNode(program)) return [...issues, ...judgeTree(program)];
  } catch {
    // Syntax @huggingface/jinja does not know: fall back to the tokens.
  }
  return [...issues, ...judgeTokens(pre), { level: 'suspicious', why: 'uses Jinja syntax the scanner cannot parse; judged token by token', what: 'syntax' }];
}

interface Prepared {
  /** The template with literals re-spelled without escapes (for the parser). */
  text: string;
  /** Every decoded string literal and identifier inside tags, in order, with the tag they belong to. */
  tokens: { tag: number; kind: 'string' | 'name' | 'op'; value: string }[];
  dynamic: string[];
}

function prepare(src: string): Prepared {
  const out: string[] = [];
  const tokens: Prepared['tokens'] = [];
  const dynamic: string[] = [];
  let k = 0;
  let tag = 0;
  while (k < src.length) {
    const open = src.indexOf('{', k);
    if (open < 0 || open + 1 >= src.length) break;
    const kind = src[open + 1];
    if (kind !== '{' && kind !== '%' && kind !== '#') {
      out.push(src.slice(k, open + 1));
      k = open + 1;
      continue;
    }
    out.push(src.slice(k, open));
    if (kind === '#') {
      const end = src.indexOf('#}', open + 2);
      k = end < 0 ? src.length : end + 2;
      continue;
    }
    const raw = /^\{%[-+]?\s*raw\s*[-+]?%\}/.exec(src.slice(open, open + 32));
    if (raw) {
      const end = /\{%[-+]?\s*endraw\s*[-+]?%\}/g;
      end.lastIndex = open + raw[0].length;
      const m = end.exec(src);
      const body = src.slice(open + raw[0].length, m ? m.index : src.length);
      out.push(`{{ ${quote(body)} }}`);
      k = m ? m.index + m[0].length : src.length;
      continue;
    }
    tag++;
    k = readTag(src, open, kind === '{' ? '}}' : '%}', out, tokens, dynamic, tag);
  }
  out.push(src.slice(k));
  return { text: out.join(''), tokens, dynamic };
}

function readTag(src: string, open: number, close: string, out: string[], tokens: Prepared['tokens'], dynamic: string[], tag: number): number {
  let k = open + 2;
  /** The last significant character: `f ()` is a call, `[()]` an empty tuple. */
  let last = '{';
  out.push(src.slice(open, k));
  while (k < src.length) {
    if (src.startsWith(close, k)) {
      out.push(close);
      return k + 2;
    }
    const c = src[k]!;
    if (c === '"' || c === "'") {
      let j = k + 1;
      while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      const { value, dynamic: named } = unescapePython(src.slice(k + 1, j), false);
      if (named) dynamic.push(src.slice(k, j + 1));
      tokens.push({ tag, kind: 'string', value });
      out.push(quote(value));
      last = c;
      k = j + 1;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(k, k + 256));
    if (name) {
      tokens.push({ tag, kind: 'name', value: name[0] });
      out.push(name[0]);
      last = 'a';
      k += name[0].length;
      continue;
    }
    if ('~+*%[|('.includes(c)) tokens.push({ tag, kind: 'op', value: c });
    const empty = c === '(' ? /^\(\s*\)/.exec(src.slice(k, k + 64)) : null;
    if (empty && !/[\w)\]]/.test(last)) {
      // `()` is an empty tuple to Jinja; @huggingface/jinja has no empty tuple, and a list is as good a base object.
      out.push('[]');
      last = ']';
      k += empty[0].length;
      continue;
    }
    out.push(c);
    if (!/\s/.test(c)) last = c;
    k++;
  }
  return k;
}

/** A literal the parser reads back to exactly `value`. */
function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

/** Without a tree: names and literals, and what adjacent literals spell when a tag builds strings. */
function judgeTokens(pre: Prepared): TemplateIssue[] {
  const out: TemplateIssue[] = [];
  const byTag = new Map<number, Prepared['tokens']>();
  for (const t of pre.tokens) {
    // Appended in place: copying the list per token made one 200 KB tag of `(` take minutes.
    const list = byTag.get(t.tag);
    if (list) list.push(t);
    else byTag.set(t.tag, [t]);
  }
  for (const tokens of byTag.values()) {
    for (const t of tokens) {
      const issue = t.kind === 'op' ? undefined : judgeName(t.value);
      if (issue?.level === 'dangerous') out.push(issue);
    }
    const joined = tokens.filter((t) => t.kind === 'string').map((t) => t.value).join('');
    for (const candidate of [joined, [...joined].reverse().join('')]) {
      const m = /__[A-Za-z_]+__|\bmro\b/.exec(candidate);
      if (m && tokens.some((t) => t.kind === 'op')) out.push({ level: 'dangerous', why: 'builds a dunder name from string pieces', what: m[0] });
    }
  }
  return out;
}

/** Reports what `judgeTemplate` found, one finding per distinct issue (at most 5). */
export function checkTemplate(ctx: ScanContext, rule: RuleId, key: string, template: string, offset?: number): void {
  const seen = new Set<string>();
  for (const issue of judgeTemplate(template)) {
    const id = `${issue.level}|${issue.why}|${issue.what}`;
    if (seen.has(id) || seen.size >= 5) continue;
    seen.add(id);
    report(ctx, rule, `${key} ${issue.why}: ${issue.what}`, { ...(offset !== undefined ? { offset } : {}), args: issue.what, level: issue.level });
  }
}
