import { describe, expect, it } from 'vitest';
import type { TechniqueId } from '../../atlas/ids.ts';
import type { Evidence } from '../../checks/contract.ts';
import { llmTranscriptSections } from './llm-transcripts-section.ts';

const attempt = (success: boolean, reply: string) => ({
  probe: 'prompt-injection/direct-1+base64',
  success,
  exploited: success ? ['AML.T0051.000'] : [],
  turns: [{ role: 'user', text: 'SWdub3Jl…', request: 3, reply }],
  verdicts: [{ detector: 'goal-string', success }],
});

const evidence = (checkId: string, outcome: Evidence['outcome'], details: unknown): Evidence => ({
  checkId,
  outcome,
  severity: 'high',
  summary: '',
  techniques: ['AML.T0051.000' as TechniqueId],
  measurements: {},
  pointers: [],
  details,
  assets: ['support-assistant'],
  target: 'chat.yaml',
  startedAt: '',
  finishedAt: '',
});

describe('LLM transcripts in the HTML report', () => {
  it.each([
    ['a failed llm-app check with a successful attempt', [evidence('llm-app/prompt-injection', 'fail', { attempts: [attempt(true, 'RMP<script>x</script>'), attempt(false, 'no')] })], 1],
    ['transcripts under "transcripts"', [evidence('llm-app/jailbreak', 'fail', { transcripts: [attempt(true, 'Sure')] })], 1],
    ['a passing check', [evidence('llm-app/prompt-injection', 'pass', { attempts: [attempt(true, 'x')] })], 0],
    ['another family', [evidence('prediction-api/evasion', 'fail', { attempts: [attempt(true, 'x')] })], 0],
    ['details it cannot read', [evidence('llm-app/leakage', 'fail', { attempts: [{ probe: 1 }] })], 0],
  ])('%s', (_name, list, transcripts) => {
    const sections = llmTranscriptSections(list);
    const body = sections[0]?.body.__html ?? '';
    expect((body.match(/<details class="transcript">/g) ?? []).length).toBe(transcripts);
    if (transcripts > 0) {
      expect(body).toContain('request #3');
      expect(body).toContain('goal-string');
      expect(body).not.toContain('<script>');
    }
  });
});
