import { createHash } from 'node:crypto';
import { rules, type RuleId } from './rules.ts';
import type { FileReport, Finding, Level } from './types.ts';

/**
 * SARIF 2.1.0: one run, the rule catalogue as the driver's rules, one result per finding. Dangerous →
 * `error`, suspicious and inconclusive → `warning`, informational → `note`; the location is the scanned
 * path, or `path!/member` inside archives, with the byte offset as a region.
 */
const level: Record<Level, 'error' | 'warning' | 'note'> = { dangerous: 'error', suspicious: 'warning', inconclusive: 'warning', info: 'note' };
const securitySeverity: Record<Level, string> = { dangerous: '9.0', suspicious: '5.0', inconclusive: '4.0', info: '0.0' };

export function sarifReport(reports: FileReport[], version = '0.1.0'): object {
  const ids = Object.keys(rules) as RuleId[];
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'rampart-scan',
            informationUri: 'https://atlas.mitre.org/',
            version,
            rules: ids.map((id) => {
              const r = rules[id];
              return {
                id,
                name: id.replace(/[/-](\w)/g, (_m, c: string) => c.toUpperCase()),
                shortDescription: { text: r.title },
                fullDescription: { text: r.help },
                help: { text: r.help },
                defaultConfiguration: { level: level[r.level] },
                properties: { tags: ['security', ...r.techniques, ...('cwe' in r ? [r.cwe] : [])], 'security-severity': securitySeverity[r.level] },
              };
            }),
          },
        },
        invocations: [{ executionSuccessful: true }],
        artifacts: reports.map((r) => ({ location: { uri: uri(r.path) }, length: r.bytes, properties: { verdict: r.verdict, formats: r.formats } })),
        results: reports.flatMap((r, index) => r.findings.map((f) => result(f, index, ids.indexOf(f.rule), r.verdict))),
      },
    ],
  };
}

function result(f: Finding, artifactIndex: number, ruleIndex: number, verdict: string): object {
  const location = f.member ? `${f.file}!/${f.member}` : f.file;
  return {
    ruleId: f.rule,
    ruleIndex,
    level: level[f.level],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: uri(location), ...(f.member ? {} : { index: artifactIndex }) },
          ...(f.offset !== undefined ? { region: { byteOffset: f.offset, byteLength: 1 } } : {}),
        },
      },
    ],
    partialFingerprints: { 'rampartFinding/v1': createHash('sha256').update([f.rule, location, f.global ?? '', f.args ?? '', f.offset ?? ''].join('|')).digest('hex').slice(0, 32) },
    properties: {
      verdict,
      severity: f.level,
      techniques: f.techniques,
      ...(f.cwe ? { cwe: f.cwe } : {}),
      ...(f.opcode ? { opcode: f.opcode } : {}),
      ...(f.global ? { global: f.global } : {}),
      ...(f.args ? { arguments: f.args } : {}),
      ...(f.via ? { via: f.via } : {}),
    },
  };
}

function uri(path: string): string {
  return encodeURI(path.replace(/\\/g, '/'));
}
