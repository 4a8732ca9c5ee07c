import { gguf } from '../formats.ts';
import type { RedTeamCase } from './types.ts';

/**
 * Chat templates that escape a plain Jinja `Environment` (llama-cpp-python before 0.2.72, CVE-2024-34359,
 * and servers that render GGUF templates the same way), with the attribute name hidden from a reader that
 * folds constants: built in a loop, spelled with `%c`, read by a `str.format` field, applied through
 * `map('attr', …)` or a `{% filter %}` block, or passed to a macro.
 */
const templates: [string, string, string][] = [
  ['name-built-by-append-in-loop', `{% set n = [] %}{% for c in ['_','_','c','l','a','s','s','_','_'] %}{% set _ = n.append(c) %}{% endfor %}{{ ''|attr(n|join) }}`, 'a list filled in a loop, joined into __class__'],
  ['name-built-by-reassignment', `{% set k = '_' %}{% for c in ['_init','__'] %}{% set k = k ~ c %}{% endfor %}{{ cycler[k] }}`, 'a variable grown in a loop, used as a key'],
  ['name-spelled-with-percent-c', `{% set u = '%c'|format(95) %}{{ cycler|attr(u*2 ~ 'init' ~ u*2)|attr(u*2 ~ 'globals' ~ u*2) }}`, "'%c'|format(95) is an underscore"],
  ['str-format-field-reads-globals', `{{ '{0.__init__.__globals__}'.format(cycler) }}`, 'str.format reads the attributes its fields name'],
  ['map-attr-filter', `{{ [cycler]|map('attr', '__in' ~ 'it__')|list }}`, "map('attr', name) applies attr() to each item"],
  ['filter-block-attr', `{% filter attr('__cl' ~ 'ass__') %}x{% endfilter %}`, 'a {% filter %} block applies attr() to its output'],
  ['macro-parameter-key', `{% macro get(o, n) %}{{ o[n] }}{% endmacro %}{{ get(cycler, '__in' ~ 'it__') }}`, 'a macro parameter holds the name its call builds'],
  ['format-map-field', `{{ '{x.__class__.__mro__}'.format_map({'x': ''}) }}`, 'format_map reads them too'],
];

export function templateCases(): RedTeamCase[] {
  const file = (t: string) => gguf([['general.architecture', 'llama'], ['tokenizer.chat_template', t]]);
  return [
    ...templates.map(([name, t, how]): RedTeamCase => ({ name, kind: 'chat-template', file: `${name}.gguf`, bytes: file(t), expect: 'dangerous', how })),
    {
      name: 'branches-and-loops',
      kind: 'chat-template',
      file: 'branches-and-loops.gguf',
      bytes: file(`{% set sep = '' %}{% for m in messages %}{% if m['role'] == 'system' %}{% set sep = '\\n' %}{% endif %}{% set parts = [] %}{% set _ = parts.append(m['content']) %}{{ sep ~ m['role'] ~ ': ' ~ parts|join(' ') }}{% endfor %}{{ '{0}: {1}'.format('assistant', '') }}`),
      expect: 'clean',
      how: 'variables set in branches and lists filled in loops, used as text only',
    },
    {
      name: 'macro-with-keys',
      kind: 'chat-template',
      file: 'macro-with-keys.gguf',
      bytes: file(`{% macro field(m, key='content') %}{{ m[key] | trim }}{% endmacro %}{% for m in messages %}{{ m['role'] ~ ': ' ~ field(m) ~ field(m, 'name') }}{% endfor %}{{ messages|map(attribute='role')|join(',') }}`),
      expect: 'clean',
      how: 'a macro reading message fields by key, with a default',
    },
  ];
}
