import { AssetInput } from './schema.ts';

const FIELDS: ReadonlySet<string> = new Set(Object.keys(AssetInput.shape));

/**
 * A field the asset does not set, written on a line of its description: in YAML a line indented one step too far
 * after `description: >-` is folded into the text, and the field is silently lost (the owner becomes "unassigned",
 * the exposure the default). The line, or undefined. `raw` is the asset as the YAML file has it, before defaults.
 */
export function swallowedField(raw: unknown): { field: string; line: string } | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const description = (raw as Record<string, unknown>).description;
  if (typeof description !== 'string') return undefined;
  for (const line of description.split(/\n|(?<=[.!?;])\s+/)) {
    const match = /^\s*([a-zA-Z]+): \S/.exec(line);
    const field = match?.[1];
    if (field && FIELDS.has(field) && !(field in raw)) return { field, line: line.trim() };
  }
  return undefined;
}
