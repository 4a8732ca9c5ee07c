import { familyCheck } from '../family-check.ts';

export const obfuscation = familyCheck({
  family: 'obfuscation',
  title: 'Prompt obfuscation',
  summary: 'Sends the injection and system-prompt probes encoded (base64, ROT13, hex, leetspeak, homoglyphs, Unicode tag characters) and in five other languages from the shipped phrase table; success through any of them shows filters can be bypassed by obfuscation.',
  // Its probes are injections and prompt extractions in disguise: what they achieve is reported too.
  techniques: ['AML.T0068', 'AML.T0051.000', 'AML.T0056', 'AML.T0069.002'],
  severity: 'medium',
  impact: { sendsTraffic: true, intrusive: false, cost: 'low' },
});
