import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { inputError, usageError } from '../errors.ts';
import { EVENT_FIELDS, type EventField } from './event.ts';
import { compilePath, pathProblem, type CompiledPath } from './path.ts';
import { PRESET_NAMES, PRESETS, type PresetName } from './presets.ts';

const FieldPath = z.string().min(1).superRefine((path, ctx) => {
  const problem = pathProblem(path);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * How a log's records become events (YAML or JSON; `rampart monitor --mapping FILE`). Every field is a path
 * into the record (see path.ts); absent fields are simply not read. `client` defaults to "unknown".
 */
export const MappingInput = z.strictObject({
  /** Start from a preset and override what follows. */
  preset: z.enum(PRESET_NAMES as [PresetName, ...PresetName[]]).optional(),
  /** Where the records are inside one line when a line holds several (OTLP `resourceSpans[*]…`); the line itself otherwise. */
  records: FieldPath.optional(),
  fields: z.partialRecord(z.enum(EVENT_FIELDS), FieldPath).default({}),
  /** Unit of numeric times; `auto` guesses seconds, milliseconds, microseconds or nanoseconds from the magnitude. */
  timeUnit: z.enum(['auto', 's', 'ms', 'us', 'ns']).default('auto'),
  /** Free text for whoever reads the mapping. */
  description: z.string().optional(),
});
export type MappingInput = z.input<typeof MappingInput>;

export interface Mapping {
  name: string;
  records?: CompiledPath;
  fields: Partial<Record<EventField, CompiledPath>>;
  /** The paths as written, for messages and for Sigma rules' field names. */
  paths: Partial<Record<EventField, string>>;
  timeUnit: 'auto' | 's' | 'ms' | 'us' | 'ns';
}

function compile(name: string, input: z.output<typeof MappingInput>): Mapping {
  const base = input.preset ? MappingInput.parse(PRESETS[input.preset]) : undefined;
  const paths = { ...(base?.fields ?? {}), ...input.fields };
  const records = input.records ?? base?.records;
  return {
    name,
    ...(records ? { records: compilePath(records) } : {}),
    fields: Object.fromEntries(Object.entries(paths).map(([k, v]) => [k, compilePath(v as string)])),
    paths,
    timeUnit: input.timeUnit !== 'auto' ? input.timeUnit : (base?.timeUnit ?? 'auto'),
  };
}

export function presetMapping(name: PresetName): Mapping {
  return compile(name, MappingInput.parse(PRESETS[name]));
}

/** A preset name, or a YAML/JSON mapping file; one clear error for anything else. */
export async function loadMapping(spec: string): Promise<Mapping> {
  if ((PRESET_NAMES as string[]).includes(spec)) return presetMapping(spec as PresetName);
  let text: string;
  try {
    text = await readFile(spec, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw usageError(`--mapping ${spec}: neither a preset nor a file`, `presets: ${PRESET_NAMES.join(', ')}; or a YAML mapping file (see src/monitor/README.md)`);
    throw inputError(`cannot read the mapping file: ${(error as Error).message}`, { file: spec });
  }
  // Loaded for a mapping file only: YAML's parser is most of what `rampart monitor` would load before reading a line.
  const [{ parseSourceText }, { parseWith }] = await Promise.all([import('../util/yaml-source.ts'), import('../util/zod-input.ts')]);
  const source = parseSourceText(text, spec, 'mapping');
  const parsed = parseWith(MappingInput, source, 'mapping', 'see "Mapping format" in src/monitor/README.md');
  return compile(spec, parsed);
}
