/**
 * Sigma conditions, the subset Rampart writes and reads: identifiers, `and`, `or`, `not`, parentheses, and
 * `1 of x*` / `all of x*` / `1 of them` / `all of them`. Parsed once into a tree, evaluated per event.
 */
export type Condition =
  | { kind: 'id'; name: string }
  | { kind: 'not'; operand: Condition }
  | { kind: 'and' | 'or'; operands: Condition[] }
  | { kind: 'of'; quantifier: 'one' | 'all'; pattern: string };

const TOKEN = /\s*(\(|\)|[A-Za-z0-9_*]+)/y;

export function parseCondition(text: string): Condition {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(text);
    if (!m) throw new Error(`condition "${text}": unexpected text at ${TOKEN.lastIndex}`);
    tokens.push(m[1] as string);
  }
  let at = 0;
  const peek = () => tokens[at]?.toLowerCase();
  const next = () => tokens[at++];

  const primary = (): Condition => {
    const t = next();
    if (t === undefined) throw new Error(`condition "${text}" ends too early`);
    const lower = t.toLowerCase();
    if (t === '(') {
      const inner = orExpr();
      if (next() !== ')') throw new Error(`condition "${text}": missing )`);
      return inner;
    }
    if (lower === 'not') return { kind: 'not', operand: primary() };
    if ((lower === '1' || lower === 'all') && peek() === 'of') {
      next();
      const pattern = next();
      if (pattern === undefined) throw new Error(`condition "${text}": "of" needs a name pattern or "them"`);
      return { kind: 'of', quantifier: lower === '1' ? 'one' : 'all', pattern };
    }
    if (['and', 'or', ')'].includes(lower)) throw new Error(`condition "${text}": unexpected "${t}"`);
    return { kind: 'id', name: t };
  };
  const andExpr = (): Condition => {
    const operands = [primary()];
    while (peek() === 'and') {
      next();
      operands.push(primary());
    }
    return operands.length === 1 ? (operands[0] as Condition) : { kind: 'and', operands };
  };
  const orExpr = (): Condition => {
    const operands = [andExpr()];
    while (peek() === 'or') {
      next();
      operands.push(andExpr());
    }
    return operands.length === 1 ? (operands[0] as Condition) : { kind: 'or', operands };
  };
  const tree = orExpr();
  if (at < tokens.length) throw new Error(`condition "${text}": unexpected "${tokens[at]}"`);
  return tree;
}

/** Evaluate with `matches(name)` telling whether a search identifier matched this event. */
export function evaluateCondition(condition: Condition, names: readonly string[], matches: (name: string) => boolean): boolean {
  switch (condition.kind) {
    case 'id':
      if (!names.includes(condition.name)) throw new Error(`condition names "${condition.name}", which the detection does not define`);
      return matches(condition.name);
    case 'not':
      return !evaluateCondition(condition.operand, names, matches);
    case 'and':
      return condition.operands.every((c) => evaluateCondition(c, names, matches));
    case 'or':
      return condition.operands.some((c) => evaluateCondition(c, names, matches));
    case 'of': {
      const chosen = names.filter((n) => condition.pattern === 'them' ? !n.startsWith('_') : globMatch(condition.pattern, n));
      if (chosen.length === 0) throw new Error(`"${condition.quantifier === 'one' ? '1' : 'all'} of ${condition.pattern}" selects no search identifier`);
      return condition.quantifier === 'one' ? chosen.some(matches) : chosen.every(matches);
    }
  }
}

const globMatch = (pattern: string, name: string): boolean => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(name);
