import { classify, MODULE_VALUES, normalise, SENSITIVE_IMPORTS, VISIBLE_USE_IMPORTS } from './python-policy.ts';
import { bracketArgs } from './python-fold.ts';
import type { IssueSet } from './python-issues.ts';
import type { Token } from './python-tokens.ts';

/**
 * Pass 1 of the Python source analyser: what the file binds — imports and their aliases, star imports,
 * definitions, parameters, assigned names — and which import tokens pass 2 skips. Import statements that
 * are findings by themselves (`from os import system as s`, `from os import *`) are reported here.
 */
export class Bindings {
  readonly aliases = new Map<string, string>();
  readonly bound = new Set<string>();
  readonly stars: string[] = [];
  /** SENSITIVE_IMPORTS modules imported, with where. */
  readonly imported = new Map<string, number>();
  readonly relative = new Set<string>();
  readonly skip = new Set<Token>();
  /** Imports that must be used visibly (`import os` and nothing else is suspicious), by local name. */
  readonly watched: { local: string; module: string; at: number }[] = [];
  private t: Token[] = [];

  constructor(private readonly found: IssueSet) {}

  /** Pass 1 over one token stream; false when `onTime` says the deadline has passed. */
  collect(t: Token[], onTime: (k: number) => boolean): boolean {
    this.t = t;
    for (let k = 0; k < t.length; k++) {
      if (!onTime(k)) return false;
      const tok = t[k]!;
      if (tok.kind !== 'name' || this.isOp(k - 1, '.')) continue;
      const next = t[k + 1];
      switch (tok.value) {
        case 'import':
          k = this.importList(k, k + 1, undefined);
          break;
        case 'from':
          k = this.fromImport(k) ?? k;
          break;
        case 'def':
        case 'class':
          if (next?.kind === 'name') this.bound.add(next.value);
          // Parameters (and, harmlessly, names in default values): the signature's brackets.
          if (tok.value === 'def' && this.isOp(k + 2, '(')) this.bindNames(k + 3, bracketArgs(t, k + 2).close, () => false);
          break;
        case 'lambda':
          this.bindNames(k + 1, k + 64, (j) => this.isOp(j, ':'));
          break;
        case 'for':
          this.bindNames(k + 1, k + 64, (j) => t[j]?.value === 'in');
          break;
        case 'as':
          if (next?.kind === 'name') this.bound.add(next.value);
          break;
        default:
          if (this.isOp(k + 1, '=')) this.bound.add(tok.value);
      }
    }
    return true;
  }

  private bindNames(from: number, to: number, stop: (j: number) => boolean): void {
    const end = Math.min(this.t.length, to);
    for (let j = from; j < end && this.t[j]!.kind !== 'newline' && !stop(j); j++) {
      const tok = this.t[j]!;
      if (tok.kind === 'name' && (this.isOp(j - 1, '(') || this.isOp(j - 1, ',') || this.isOp(j - 1, '*') || this.isOp(j - 1, '**') || j === from)) this.bound.add(tok.value);
    }
  }

  /** `import a.b as c, d` (or the names after `from m import`), from `k`; returns the last index used. */
  private importList(start: number, k: number, from: string | undefined): number {
    const t = this.t;
    let j = k;
    const paren = from !== undefined && this.isOp(j, '(');
    if (paren) j++;
    while (j < t.length) {
      if (this.isOp(j, '*') && from !== undefined) {
        this.stars.push(from);
        const head = normalise(from).split('.')[0]!;
        if (SENSITIVE_IMPORTS.has(head) || VISIBLE_USE_IMPORTS.has(head) || MODULE_VALUES.has(head)) this.found.add('suspicious', `from ${from} import *`, 'imports every name of a sensitive module: what is used is only partly traced', t[j]!.at, 'import');
        j++;
      } else if (t[j]?.kind === 'name') {
        let name = t[j]!.value;
        const at = t[j]!.at;
        j++;
        while (from === undefined && this.isOp(j, '.') && t[j + 1]?.kind === 'name') {
          name += `.${t[j + 1]!.value}`;
          j += 2;
        }
        let local = from === undefined ? name.split('.')[0]! : name;
        if (t[j]?.value === 'as' && t[j + 1]?.kind === 'name') {
          local = t[j + 1]!.value;
          j += 2;
        }
        this.bindImport(local, from === undefined ? (local === name.split('.')[0] ? local : name) : from.startsWith('.') ? undefined : `${from}.${name}`, from ?? name, at);
        if (from?.startsWith('.')) {
          const rel = from.replace(/^\.+/, '');
          this.relative.add(rel || name);
        }
      } else break;
      if (this.isOp(j, ',')) j++;
      else if (paren && t[j]?.kind === 'newline') j++;
      else break;
    }
    if (paren && this.isOp(j, ')')) j++;
    for (let s = start; s < j; s++) this.skip.add(t[s]!);
    return j - 1;
  }

  private bindImport(local: string, target: string | undefined, module: string, at: number): void {
    this.bound.add(local);
    if (target === undefined) return;
    this.aliases.set(local, target);
    const m = normalise(module);
    if (VISIBLE_USE_IMPORTS.has(m.split('.')[0]!)) this.watched.push({ local, module: m.split('.')[0]!, at });
    for (let p = m; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
      if (SENSITIVE_IMPORTS.has(p) && !this.imported.has(p)) this.imported.set(p, at);
    }
    const cls = classify(target);
    if (cls && target !== module) this.found.add(cls.level, cls.name, cls.what, at, 'import');
  }

  /** `from .x import y`, `from os import (system as s)`, `from m import *`. */
  private fromImport(k: number): number | undefined {
    const t = this.t;
    let j = k + 1;
    let module = '';
    while (this.isOp(j, '.') || this.isOp(j, '...')) module += t[j++]!.value;
    while (t[j]?.kind === 'name' && t[j]!.value !== 'import') {
      module += t[j]!.value;
      j++;
      if (this.isOp(j, '.') && t[j + 1]?.kind === 'name') {
        module += '.';
        j++;
      }
    }
    if (!module || t[j]?.value !== 'import') return undefined;
    return this.importList(k, j + 1, module);
  }

  private isOp(j: number, v: string): boolean {
    const tok = this.t[j];
    return tok !== undefined && tok.kind === 'op' && tok.value === v;
  }
}
