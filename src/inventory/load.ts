import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import type { ControlClaim } from '../controls/schema.ts';
import { inputError } from '../errors.ts';
import { swallowedField } from './swallowed-fields.ts';
import { readSourceFile, whereIn, type SourceFile } from '../util/yaml-source.ts';
import { parseWith } from '../util/zod-input.ts';
import type { Asset, SourceLocation } from './asset.ts';
import { importCycloneDx } from './cyclonedx/import.ts';
import { openThroughEndpoints } from './open-endpoints.ts';
import { inferFromRelations } from './relation-inference.ts';
import { resolveAsset } from './resolve.ts';
import { InventoryFile, type AssetInput } from './schema.ts';
import { whyNotInventory, whyNotInventoryText, type SkippedFile } from './stray-files.ts';

export interface Claim extends ControlClaim {
  source: SourceLocation;
  /** Where to point a message about this claim. */
  where: (path: ReadonlyArray<PropertyKey>) => ReturnType<typeof whereIn>;
}

/** The organisation's inventory and control register, as loaded from one folder or file. */
export interface Inventory {
  organisation: string;
  assets: Asset[];
  claims: Claim[];
  /** Files read, relative to the inventory root. */
  files: string[];
  /** YAML files of the folder that are not inventory (no organisation, assets or controls at their top level). */
  skipped: SkippedFile[];
  /** Defaults and assumptions the loader applied, stated in the report. */
  notes: string[];
}

const HINT = 'see the inventory format in the README (schemas/inventory.schema.json)';

/** Load every inventory file of a folder (`*.yaml`, `*.yml`, CycloneDX `*.cdx.json` / `*bom.json`), or one file. */
export async function loadInventory(path: string): Promise<Inventory> {
  const files = await inventoryFiles(path);
  const folder = (await stat(path)).isDirectory();
  const root = folder ? path : join(path, '..');
  const read: string[] = [];
  const skipped: SkippedFile[] = [];
  let organisation: string | undefined;
  const entries: { input: AssetInput; source: SourceFile; path: (string | number)[] }[] = [];
  const claims: Claim[] = [];
  const notes: string[] = [];

  for (const file of files) {
    // A file named on the command line is inventory by the user's word; in a folder, other YAML is passed over, and said.
    const opened = folder ? await readFolderFile(file) : await readSourceFile(file, 'inventory file');
    const why = 'skipped' in opened ? opened.skipped : folder && !isCycloneDx(file, opened.data) ? whyNotInventory(opened.data) : undefined;
    if (why !== undefined) skipped.push({ file: relative(root, file) || basename(file), reason: why });
    if (why !== undefined || 'skipped' in opened) continue;
    read.push(file);
    // Entries keep the file's positions but not its parsed text: at 100,000 assets that is ~90 MB freed as soon as
    // the schema has made its own copy.
    const source: SourceFile = { file: opened.file, data: undefined, locate: opened.locate };
    if (isCycloneDx(file, opened.data)) {
      const imported = importCycloneDx(opened);
      notes.push(...imported.notes);
      imported.assets.forEach((input, i) => entries.push({ input, source, path: [...(imported.paths[i] ?? [])] }));
      continue;
    }
    const parsed = parseWith(InventoryFile, withoutExtensions(opened), 'invalid inventory', HINT);
    if (parsed.organisation) organisation ??= parsed.organisation.name;
    parsed.assets.forEach((input, i) => {
      const swallowed = swallowedField((opened.data as { assets?: unknown[] }).assets?.[i]);
      if (swallowed) {
        throw inputError(
          `asset ${input.id}: its description has the line "${swallowed.line}", which reads as the ${swallowed.field} field the asset does not set — YAML folded that line into the description`,
          whereIn(source, ['assets', i, 'description']),
          `indent ${swallowed.field}: like the asset's other fields (or reword the text if it is meant as text)`,
        );
      }
      entries.push({ input, source, path: ['assets', i] });
    });
    parsed.controls.forEach((claim, i) => {
      const at = ['controls', i];
      claims.push({ ...claim, source: { file: relative(root, file) || basename(file), line: source.locate(at)?.line }, where: locator(source, at) });
    });
  }

  const byId = new Map<string, (typeof entries)[number]>();
  for (const entry of entries) {
    const previous = byId.get(entry.input.id);
    if (previous) {
      const first = whereIn(previous.source, previous.path);
      throw inputError(`asset id "${entry.input.id}" is defined twice (first at ${first.file}:${first.line ?? '?'})`, whereIn(entry.source, [...entry.path, 'id']), 'give every asset a unique id');
    }
    byId.set(entry.input.id, entry);
  }
  for (const entry of entries) {
    for (const [relation, targets] of Object.entries(entry.input.relations)) {
      (targets ?? []).forEach((target, j) => {
        if (!byId.has(target)) {
          throw inputError(`relation ${relation} points at "${target}", which no asset has as id`, whereIn(entry.source, [...entry.path, 'relations', relation, j]), 'add that asset to the inventory or fix the id');
        }
      });
    }
    entry.input.logs.forEach((log, j) => {
      if (typeof log.trainingData !== 'string') return;
      const named = byId.get(log.trainingData)?.input;
      if (named?.element !== 'data') {
        const what = named ? `a ${named.element} asset, not data` : 'which no asset has as id';
        throw inputError(`logs[${j}].trainingData names "${log.trainingData}", ${what}`, whereIn(entry.source, [...entry.path, 'logs', j, 'trainingData']), 'name the training-set asset the model was trained on, or give { path: FILE, label: COLUMN }');
      }
    });
  }
  if (entries.length === 0) {
    const passedOver = skipped.length > 0 ? ` (skipped ${skipped.map((s) => `${s.file}: ${s.reason}`).join('; ')})` : '';
    throw inputError(`the inventory has no assets${passedOver}`, { file: path }, `add assets to an inventory YAML file; ${HINT}`);
  }

  const resolved = entries.map(({ input, source, path: at }) => {
    const asset = resolveAsset(input, { file: relative(root, source.file) || basename(source.file), line: source.locate(at)?.line });
    // Only ATLAS can tell an unknown technique id, after loading: keep where each one is written for that message.
    asset.notApplicable.forEach((n, j) => (n.at = source.locate([...at, 'notApplicable', j, 'technique'])));
    return asset;
  });
  const endpoints = openThroughEndpoints(resolved);
  // Across files and formats: a YAML model may retrieve from a corpus a BOM describes.
  const { assets, notes: inferred } = inferFromRelations(endpoints.assets);
  notes.push(...endpoints.notes, ...inferred);
  notes.push(...skipped.map((s) => `${s.file} was not read as inventory: ${s.reason}`));
  return { organisation: organisation ?? basename(root), assets, claims, files: read.map((f) => relative(root, f) || basename(f)), skipped, notes };
}

/**
 * Where in its file a claim's part is, for messages. Made outside `loadInventory` on purpose: a closure made inside it
 * would keep that function's whole scope alive with the claim — every asset's parsed input and every file's YAML
 * document, 8 kB per asset (measured at 10,000 assets: 81 MB held for the life of the review).
 */
function locator(source: SourceFile, at: (string | number)[]): Claim['where'] {
  return (path) => whereIn(source, [...at, ...path]);
}

/**
 * Top-level keys starting with `x-` are the user's own (as in Compose files): a place to hold YAML anchors that assets
 * merge in (`x-prod: &prod …`, then `<<: *prod`). They are not read.
 */
function withoutExtensions(read: SourceFile): SourceFile {
  const data = read.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return read;
  return { ...read, data: Object.fromEntries(Object.entries(data).filter(([key]) => !key.startsWith('x-'))) };
}

/** A file of an inventory folder, parsed, or why it is not inventory when it does not parse and names no inventory key. */
async function readFolderFile(file: string): Promise<SourceFile | { skipped: string }> {
  try {
    return await readSourceFile(file, 'inventory file');
  } catch (error) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    const why = text === undefined ? undefined : whyNotInventoryText(text, (error as Error).message.replace(/^inventory file is not valid YAML\/JSON: /, ''));
    if (why === undefined) throw error;
    return { skipped: why };
  }
}

export async function inventoryFiles(path: string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw inputError(`no inventory at ${path}`, { file: path }, 'pass a folder holding inventory YAML files, or one such file');
  }
  if (!info.isDirectory()) return [path];
  const names = (await readdir(path)).filter((name) => !name.startsWith('.') && isInventoryName(name)).sort();
  if (names.length === 0) throw inputError(`no inventory files (*.yaml, *.yml, *.cdx.json, *bom.json) in ${path}`, { file: path }, HINT);
  return names.map((name) => join(path, name));
}

function isInventoryName(name: string): boolean {
  const ext = extname(name).toLowerCase();
  return ext === '.yaml' || ext === '.yml' || isBomName(name.toLowerCase());
}

/** CycloneDX's own names (`*.cdx.json`, `bom.json`) and the ones exporters use besides (`x.bom.json`, `sbom.json`, `x-sbom.json`). */
const isBomName = (name: string): boolean => name.endsWith('.cdx.json') || name.endsWith('bom.json');

function isCycloneDx(file: string, data: unknown): boolean {
  const name = basename(file).toLowerCase();
  if (isBomName(name)) return true;
  return name.endsWith('.json') && typeof data === 'object' && data !== null && 'bomFormat' in data;
}
