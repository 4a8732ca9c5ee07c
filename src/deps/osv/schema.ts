import { z } from 'zod';

/** The part of the OSV schema (ossf.github.io/osv-schema) that matching and reporting read; the rest passes. */
const Event = z.looseObject({
  introduced: z.string().optional(),
  fixed: z.string().optional(),
  last_affected: z.string().optional(),
  limit: z.string().optional(),
});

const Range = z.looseObject({
  type: z.string(),
  events: z.array(Event).default([]),
});

const Affected = z.looseObject({
  package: z.looseObject({ ecosystem: z.string(), name: z.string(), purl: z.string().optional() }).optional(),
  ranges: z.array(Range).default([]),
  versions: z.array(z.union([z.string(), z.number().transform(String)])).default([]),
  database_specific: z.record(z.string(), z.unknown()).optional(),
});

export const OsvAdvisory = z.looseObject({
  id: z.string().min(1),
  modified: z.union([z.string(), z.date().transform((d) => d.toISOString())]).optional(),
  published: z.union([z.string(), z.date().transform((d) => d.toISOString())]).optional(),
  withdrawn: z.union([z.string(), z.date().transform((d) => d.toISOString())]).optional(),
  aliases: z.array(z.string()).default([]),
  summary: z.string().optional(),
  details: z.string().optional(),
  severity: z.array(z.looseObject({ type: z.string(), score: z.string() })).default([]),
  affected: z.array(Affected).default([]),
  references: z.array(z.looseObject({ type: z.string(), url: z.string() })).default([]),
  database_specific: z.record(z.string(), z.unknown()).optional(),
});
export type OsvAdvisory = z.output<typeof OsvAdvisory>;
export type OsvRange = z.output<typeof Range>;
