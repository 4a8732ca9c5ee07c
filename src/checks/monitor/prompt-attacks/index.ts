import type { TechniqueId } from '../../../atlas/ids.ts';
import { defineMonitorCheck } from '../monitor-check.ts';
import { promptAttacksDetector, PromptAttacksParams } from './detector.ts';

export const promptAttacks = defineMonitorCheck({
  id: 'monitor/prompt-attacks',
  title: 'Prompt injection, jailbreak and obfuscation in LLM logs',
  summary: 'Signatures of injection, jailbreak and obfuscation attempts in fourteen languages and cues of the same in other words (guidance set aside or declared gone, the hidden context asked for, instructions to the model inside documents, personas freed of their rules; weak cues in pairs), matched on each prompt and on every decoding of it (base64, hex, ROT13, reversed, de-spaced, leetspeak, Morse, homoglyphs, Unicode tags); many-shot dialogues and hidden characters.',
  techniques: ['AML.T0051', 'AML.T0054', 'AML.T0068'] as TechniqueId[],
  params: PromptAttacksParams,
  examples: [{ title: 'Defaults', params: {} }],
  detector: { fields: ['client', 'prompt', 'time'], requires: ['prompt'], create: promptAttacksDetector },
});
