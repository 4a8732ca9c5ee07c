import { caseStudiesOf, mitigationsOf, type Atlas } from './atlas.ts';
import type { MitigationId, TacticId, TechniqueId } from './ids.ts';

/** A plain-text description of a technique, tactic or mitigation, for `rampart atlas show`. */
export function describeAtlasObject(atlas: Atlas, id: string): { kind: 'technique' | 'tactic' | 'mitigation'; data: object; text: string } | undefined {
  const technique = atlas.techniques.get(id as TechniqueId);
  if (technique) {
    const tactics = technique.tactics.map((t) => `${t} ${atlas.tactics.find((x) => x.id === t)?.name ?? ''}`.trim());
    const mitigations = mitigationsOf(atlas, technique.id).map((m) => `${m} ${atlas.mitigations.get(m)?.name ?? ''}`);
    const cases = caseStudiesOf(atlas, technique.id);
    const text = [
      `${technique.id}  ${technique.name}`,
      `ATLAS ${atlas.version} · technique${technique.parent ? ` (sub-technique of ${technique.parent})` : ''} · maturity: ${technique.maturity ?? 'not stated'}`,
      `Tactics: ${tactics.join(', ') || '—'}`,
      technique.subtechniques.length ? `Sub-techniques: ${technique.subtechniques.join(', ')}` : '',
      `Case studies: ${cases.length}${cases.length ? ` (${cases.join(', ')})` : ''}`,
      `Mitigations: ${mitigations.length ? `\n  ${mitigations.join('\n  ')}` : '—'}`,
      '',
      technique.description,
    ];
    return { kind: 'technique', data: { ...technique, caseStudiesIncludingSubtechniques: cases, atlasVersion: atlas.version }, text: text.filter((l) => l !== '').join('\n') };
  }
  const tactic = atlas.tactics.find((t) => t.id === (id as TacticId));
  if (tactic) {
    const members = [...atlas.techniques.values()].filter((t) => t.tactics.includes(tactic.id) && !t.parent);
    const text = [`${tactic.id}  ${tactic.name}`, `ATLAS ${atlas.version} · tactic · ${members.length} techniques`, ...members.map((t) => `  ${t.id}  ${t.name}`), '', tactic.description];
    return { kind: 'tactic', data: { ...tactic, techniques: members.map((t) => t.id), atlasVersion: atlas.version }, text: text.join('\n') };
  }
  const mitigation = atlas.mitigations.get(id as MitigationId);
  if (mitigation) {
    const text = [
      `${mitigation.id}  ${mitigation.name}`,
      `ATLAS ${atlas.version} · mitigation · ${mitigation.categories.join(', ') || 'no category'}`,
      '',
      mitigation.description,
      '',
      'Addresses:',
      ...mitigation.addresses.map((a) => `  ${a.technique} ${atlas.techniques.get(a.technique)?.name ?? '(not in this release)'}${a.use ? `\n      ${a.use.replace(/\s+/g, ' ')}` : ''}`),
    ];
    return { kind: 'mitigation', data: { ...mitigation, atlasVersion: atlas.version }, text: text.join('\n') };
  }
  return undefined;
}
