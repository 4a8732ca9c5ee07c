import { gguf } from '../formats.ts';
import type { RedTeamCase } from '../red-team/types.ts';

/**
 * Chat templates shaped to make the judge's work grow with the square of their size, with a sandbox
 * escape at the end — a scanner that gives up, or takes minutes per template (a GGUF may carry many),
 * lets the escape through, and so does one that stops at a depth cap. Each is under the 1 MB template cap;
 * before round 2 the quadratic ones took 17–74 s of CPU and the concatenation was only suspicious.
 */
const escape = "{{ cycler.__init__.__globals__.os.popen('id').read() }}";

const shapes: [string, string, string][] = [
  ['escape-inside-100k-parentheses', `{{ ${'('.repeat(100_000)}cycler.__init__${')'.repeat(100_000)} }}`, 'one tag of 200,000 tokens (the parser gives up; the token reading must not be quadratic)'],
  ['escape-after-60k-sets', `${'{% set x = 1 %}'.repeat(60_000)}${escape}`, '60,000 {% set %} of one variable'],
  ['escape-after-80k-macro-calls', `{% macro m(a) %}{{ a }}{% endmacro %}${'{{ m(1) }}'.repeat(80_000)}${escape}`, '80,000 calls binding one macro parameter'],
  ['escape-before-100k-concatenations', `{{ cycler.__init__.__globals__.os.popen('id').read()${" ~ 'a'".repeat(100_000)} }}`, "one flat Concat to Jinja, a 100,000-deep left chain to the parser here: the escape sat below the walk's depth cap"],
  ['escape-after-25k-lookups-of-a-varying-variable', `${'{% set x = y %}'.repeat(25_000)}${'{{ z[x] }}'.repeat(25_000)}${escape}`, '25,000 lookups of a variable set 25,000 times'],
];

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
/** `tokenizer_config.json` with `chat_template` as the `{name: template}` dict transformers keeps and uses. */
const tokenizerConfig = (templates: Record<string, string>): Uint8Array => text(JSON.stringify({ tokenizer_class: 'LlamaTokenizerFast', chat_template: templates }));
const honest = "{% for m in messages %}{{ '<|' ~ m['role'] ~ '|>' ~ m['content'] }}{% endfor %}";

export function templateDosCases(): RedTeamCase[] {
  const file = (t: string) => gguf([['general.architecture', 'llama'], ['tokenizer.chat_template', t]]);
  return [
    ...shapes.map(([name, t, how]): RedTeamCase => ({ name, kind: 'chat-template', file: `${name}.gguf`, bytes: file(t), expect: 'dangerous', how })),
    { name: 'template-dict-tool-use', kind: 'chat-template', file: 'tokenizer_config.json', bytes: tokenizerConfig({ default: honest, tool_use: escape }), expect: 'dangerous', how: 'chat_template as a dict: get_chat_template renders tool_use when tools are passed' },
    { name: 'template-dict-honest', kind: 'chat-template', file: 'tokenizer_config.json', bytes: tokenizerConfig({ default: honest, rag: honest }), expect: 'clean', how: 'named templates as a dict' },
    {
      name: '100k-concatenations',
      kind: 'chat-template',
      file: '100k-concatenations.gguf',
      bytes: file(`{{ messages[0]['content']${" ~ '.'".repeat(100_000)} }}`),
      expect: 'clean',
      how: 'a long honest concatenation (it was suspicious: too deep to follow)',
    },
    {
      name: 'many-sets-and-lookups',
      kind: 'chat-template',
      file: 'many-sets-and-lookups.gguf',
      bytes: file(`${"{% set sep = '\\n' %}".repeat(20_000)}${"{% for m in messages %}{{ m['role'] ~ sep ~ m['content'] }}{% endfor %}".repeat(5_000)}`),
      expect: 'clean',
      how: 'a long honest template: a separator set many times, messages read by key',
    },
  ];
}
