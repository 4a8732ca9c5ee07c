import type { TacticId, TechniqueId } from '../atlas/ids.ts';
import { COVERAGE_ORDER, type Coverage, type FindingGist, type PlannedAction, type RiskLevel } from './finding.ts';

/** What the organisation-wide results read of a review's findings: each finding's gist, in order. */
export type GistList = Iterable<FindingGist> & { readonly length: number };

const LEVELS: readonly RiskLevel[] = ['critical', 'high', 'medium', 'low'];
const CONSEQUENCE = 1;

/** An interned technique: every finding on it shares its name and tactics. */
interface TechniqueRef {
  id: TechniqueId;
  name: string;
  tactics: TacticId[];
}

/**
 * Every finding's gist as columns of numbers, for reviews too large to keep a gist object per finding: an object
 * gist took ~425 bytes (strings, arrays, nested objects — 1.1 GB at 100,000 assets); a row here takes 30 bytes, the
 * ids, names, tactics, due dates and best actions it shares with other findings interned once. `at(i)` and iteration
 * hand out a gist equal to the one added, made afresh (it dies young: nothing keeps it unless the reader does).
 */
export class FindingGists implements GistList {
  #length = 0;
  #asset = new Uint32Array(1024);
  #technique = new Uint16Array(1024);
  /** Coverage (its index in COVERAGE_ORDER), level and role, in one byte each. */
  #coverage = new Uint8Array(1024);
  #level = new Uint8Array(1024);
  #flags = new Uint8Array(1024);
  #due = new Uint8Array(1024);
  /** Index + 1 of the best action's shape; 0 when the finding has none. */
  #action = new Uint16Array(1024);
  #score = new Float64Array(1024);
  #riskRemoved = new Float64Array(1024);
  readonly #assets = new Interned<string>((id) => id, 2 ** 32 - 1);
  readonly #techniques = new Interned<TechniqueRef>((t) => t.id, 2 ** 16);
  readonly #dues = new Interned<string>((due) => due, 2 ** 8);
  readonly #actions = new Interned<Omit<PlannedAction, 'riskRemoved'>>((a) => `${a.action}\u0000${a.control}`, 2 ** 16 - 1);

  get length(): number {
    return this.#length;
  }

  add(gist: FindingGist): void {
    if (gist.id !== `${gist.assetId}/${gist.techniqueId}`) throw new Error(`a finding id is assetId/techniqueId, not ${gist.id}`);
    if (this.#length === this.#asset.length) this.#grow();
    const i = this.#length++;
    this.#asset[i] = this.#assets.index(gist.assetId);
    this.#technique[i] = this.#techniques.index({ id: gist.techniqueId, name: gist.techniqueName, tactics: gist.tactics });
    this.#coverage[i] = COVERAGE_ORDER.indexOf(gist.coverage);
    this.#level[i] = LEVELS.indexOf(gist.risk.level);
    this.#flags[i] = gist.role === 'consequence' ? CONSEQUENCE : 0;
    this.#due[i] = this.#dues.index(gist.plan.due);
    this.#score[i] = gist.risk.score;
    const top = gist.plan.actions[0];
    this.#action[i] = top ? this.#actions.index({ action: top.action, control: top.control, title: top.title, type: top.type, mitigations: top.mitigations }) + 1 : 0;
    this.#riskRemoved[i] = top?.riskRemoved ?? 0;
  }

  at(i: number): FindingGist {
    if (i < 0 || i >= this.#length) throw new RangeError(`no gist ${i} of ${this.#length}`);
    const technique = this.#techniques.value(this.#technique[i] as number);
    const assetId = this.#assets.value(this.#asset[i] as number);
    const action = this.#action[i] as number;
    const gist: FindingGist = {
      id: `${assetId}/${technique.id}`,
      assetId,
      techniqueId: technique.id,
      techniqueName: technique.name,
      tactics: technique.tactics,
      coverage: COVERAGE_ORDER[this.#coverage[i] as number] as Coverage,
      risk: { score: this.#score[i] as number, level: LEVELS[this.#level[i] as number] as RiskLevel },
      plan: { due: this.#dues.value(this.#due[i] as number), actions: action === 0 ? [] : [{ ...this.#actions.value(action - 1), riskRemoved: this.#riskRemoved[i] as number }] },
    };
    if ((this.#flags[i] as number) & CONSEQUENCE) gist.role = 'consequence';
    return gist;
  }

  *[Symbol.iterator](): Iterator<FindingGist> {
    for (let i = 0; i < this.#length; i++) yield this.at(i);
  }

  /**
   * Put the gists in rank order and return, for each gist's position when added, its rank. The order is analyse.ts's
   * `byRank`, read from the columns: exploited first, then the higher score, then asset id and technique id in
   * code-unit order (the staged review's test holds the two equal).
   */
  rank(): Int32Array {
    const assetOrder = this.#assets.order();
    const techniqueOrder = this.#techniques.order();
    const exploited = COVERAGE_ORDER.indexOf('exploited');
    const coverage = this.#coverage;
    const score = this.#score;
    const asset = this.#asset;
    const technique = this.#technique;
    const order = new Uint32Array(this.#length);
    for (let i = 0; i < order.length; i++) order[i] = i;
    order.sort(
      (a, b) =>
        (coverage[b] === exploited ? 1 : 0) - (coverage[a] === exploited ? 1 : 0) ||
        (score[b] as number) - (score[a] as number) ||
        (assetOrder[asset[a] as number] as number) - (assetOrder[asset[b] as number] as number) ||
        (techniqueOrder[technique[a] as number] as number) - (techniqueOrder[technique[b] as number] as number),
    );
    const rankOf = new Int32Array(this.#length);
    order.forEach((added, rank) => (rankOf[added] = rank));
    this.#asset = permute(this.#asset, order);
    this.#technique = permute(this.#technique, order);
    this.#coverage = permute(this.#coverage, order);
    this.#level = permute(this.#level, order);
    this.#flags = permute(this.#flags, order);
    this.#due = permute(this.#due, order);
    this.#action = permute(this.#action, order);
    this.#score = permute(this.#score, order);
    this.#riskRemoved = permute(this.#riskRemoved, order);
    return rankOf;
  }

  /** Drop every gist (the interned values too). */
  clear(): void {
    this.#length = 0;
    this.#asset = new Uint32Array(0);
    this.#technique = new Uint16Array(0);
    this.#coverage = this.#level = this.#flags = this.#due = new Uint8Array(0);
    this.#action = new Uint16Array(0);
    this.#score = this.#riskRemoved = new Float64Array(0);
    for (const interned of [this.#assets, this.#techniques, this.#dues, this.#actions]) interned.clear();
  }

  #grow(): void {
    const size = this.#asset.length * 2;
    this.#asset = grown(this.#asset, new Uint32Array(size));
    this.#technique = grown(this.#technique, new Uint16Array(size));
    this.#coverage = grown(this.#coverage, new Uint8Array(size));
    this.#level = grown(this.#level, new Uint8Array(size));
    this.#flags = grown(this.#flags, new Uint8Array(size));
    this.#due = grown(this.#due, new Uint8Array(size));
    this.#action = grown(this.#action, new Uint16Array(size));
    this.#score = grown(this.#score, new Float64Array(size));
    this.#riskRemoved = grown(this.#riskRemoved, new Float64Array(size));
  }
}

type Column = Uint8Array | Uint16Array | Uint32Array | Float64Array;

function grown<C extends Column>(from: C, to: C): C {
  to.set(from as never);
  return to;
}

/** The column's values in the order `order` gives (its first value is the one at `order[0]`); trimmed to size. */
function permute<C extends Column>(column: C, order: Uint32Array): C {
  const out = new (column.constructor as new (length: number) => C)(order.length);
  for (let i = 0; i < order.length; i++) out[i] = column[order[i] as number] as number;
  return out;
}

/** Values kept once, each with a small index; the first value seen under a key is the one kept. */
class Interned<T> {
  #values: T[] = [];
  #index = new Map<string, number>();
  /** `max`: the most values the column holding the indexes can tell apart. */
  constructor(
    private readonly key: (value: T) => string,
    private readonly max: number,
  ) {}

  index(value: T): number {
    const key = this.key(value);
    let at = this.#index.get(key);
    if (at === undefined) {
      at = this.#values.length;
      if (at >= this.max) throw new RangeError(`more than ${this.max} distinct values to intern`);
      this.#values.push(value);
      this.#index.set(key, at);
    }
    return at;
  }

  /** For each index, the place of its value's key in code-unit order. */
  order(): Uint32Array {
    const keys = this.#values.map((value, i) => ({ key: this.key(value), i }));
    keys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const place = new Uint32Array(keys.length);
    keys.forEach(({ i }, at) => (place[i] = at));
    return place;
  }

  value(index: number): T {
    return this.#values[index] as T;
  }

  clear(): void {
    this.#values = [];
    this.#index = new Map();
  }
}
