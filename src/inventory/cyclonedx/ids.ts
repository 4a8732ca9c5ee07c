import { inputError, type Where } from '../../errors.ts';

/**
 * Asset ids for imported components. A bom-ref that reads like a name (`support-llm`) is kept; purls, UUIDs and
 * SPDX element ids (`pkg:huggingface/…`, `3f2a…`, `SPDXRef-Package-vllm`, which exporters that speak SPDX too write)
 * make ids nobody would type in a register, so the component name is used for them instead. Both are stable across
 * re-exports of the same BOM, which keeps review diffs meaningful.
 */
export function baseId(ref: string | undefined, name: string, fallback: string): string {
  const readableRef = ref !== undefined && !/[:/@]/.test(ref) && !UUID.test(ref) && !SPDX_ID.test(ref) ? slug(ref) : '';
  return readableRef || slug(name) || fallback;
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const SPDX_ID = /^SPDXRef-/;

/** Lower-case letters, digits, ".", "_" and "-", starting with a letter or digit (AssetId). */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 80)
    .replace(/[-.]+$/, '');
}

/** Hands out unique ids: explicit `rampart:id`s first (a clash is the user's to fix), then generated ones. */
export class IdAllocator {
  private readonly taken = new Map<string, string>();

  claim(id: string, owner: string, where: Where): void {
    const first = this.taken.get(id);
    if (first !== undefined) throw inputError(`rampart:id "${id}" is used twice (${first} and ${owner})`, where, 'give every component its own rampart:id');
    this.taken.set(id, owner);
  }

  allocate(base: string, owner: string): string {
    let id = base;
    for (let n = 2; this.taken.has(id); n += 1) id = `${base}-${n}`;
    this.taken.set(id, owner);
    return id;
  }
}
