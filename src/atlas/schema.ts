import { z } from 'zod';
import { idPatterns } from './ids.ts';

/**
 * The ATLAS data release format (atlas-data `dist/ATLAS.yaml`). Only the fields we use are strict; the
 * rest pass through so that newer releases with extra fields still load.
 */
const Reference = z.looseObject({ title: z.string().nullish(), url: z.string().nullish() });

export const Tactic = z.looseObject({
  id: z.string().regex(idPatterns.tactic, 'not a tactic id (AML.TA0000)'),
  name: z.string().min(1),
  description: z.string().default(''),
  'object-type': z.literal('tactic').optional(),
});

export const Maturity = z.enum(['feasible', 'demonstrated', 'realized']);
export type Maturity = z.infer<typeof Maturity>;

export const Technique = z.looseObject({
  id: z.string().regex(idPatterns.technique, 'not a technique id (AML.T0000 or AML.T0000.000)'),
  name: z.string().min(1),
  description: z.string().default(''),
  'object-type': z.literal('technique').optional(),
  tactics: z.array(z.string().regex(idPatterns.tactic)).optional(),
  'subtechnique-of': z.string().regex(idPatterns.technique).optional(),
  maturity: Maturity.optional(),
  references: z.array(Reference).nullish(),
});

export const Mitigation = z.looseObject({
  id: z.string().regex(idPatterns.mitigation, 'not a mitigation id (AML.M0000)'),
  name: z.string().min(1),
  description: z.string().default(''),
  'object-type': z.literal('mitigation').optional(),
  techniques: z
    .array(z.union([z.string().regex(idPatterns.technique), z.looseObject({ id: z.string().regex(idPatterns.technique), use: z.string().default('') })]))
    .default([]),
  category: z.array(z.unknown()).optional(),
  // ATLAS 4.9.1 shipped technique entries misplaced inside one mitigation's `ml-lifecycle`; keep the strings.
  'ml-lifecycle': z.array(z.unknown()).optional(),
});

export const CaseStudy = z.looseObject({
  id: z.string().regex(idPatterns.caseStudy, 'not a case-study id (AML.CS0000)'),
  name: z.string().min(1),
  summary: z.string().default(''),
  'incident-date': z.union([z.string(), z.date()]).optional(),
  'case-study-type': z.enum(['incident', 'exercise']).optional(),
  procedure: z
    .array(z.looseObject({ tactic: z.string().regex(idPatterns.tactic), technique: z.string().regex(idPatterns.technique), description: z.string().default('') }))
    .default([]),
});

export const Matrix = z.looseObject({
  id: z.string(),
  name: z.string(),
  tactics: z.array(Tactic),
  techniques: z.array(Technique),
  mitigations: z.array(Mitigation).default([]),
});

export const AtlasRelease = z.looseObject({
  id: z.string(),
  name: z.string(),
  version: z.union([z.string(), z.number()]).transform(String),
  matrices: z.array(Matrix).min(1, 'an ATLAS release has at least one matrix'),
  'case-studies': z.array(CaseStudy).default([]),
  // Some releases list mitigations at the top level instead of per matrix.
  mitigations: z.array(Mitigation).optional(),
});
export type AtlasRelease = z.infer<typeof AtlasRelease>;
