// Trains monitor/prompt-attacks' word model on the prompt corpus and writes word-model.data.ts: `npm run train:prompts`.
// Run it after adding a round to src/checks/monitor/prompt-attacks/corpus/ (a test fails while the model is stale).
import { writeFileSync } from 'node:fs';
import { corpusRounds } from '../src/checks/monitor/prompt-attacks/corpus/load.ts';
import { renderWordModel, trainWordModel } from '../src/checks/monitor/prompt-attacks/word-model-training.ts';

const trained = trainWordModel(corpusRounds());
const target = new URL('../src/checks/monitor/prompt-attacks/word-model.data.ts', import.meta.url);
writeFileSync(target, renderWordModel(trained));
const read = trained.heldOut.reduce((a, h) => a + h.read, 0);
const attempts = trained.heldOut.reduce((a, h) => a + h.attempts, 0);
const flagged = trained.heldOut.reduce((a, h) => a + h.flagged, 0);
const users = trained.heldOut.reduce((a, h) => a + h.users, 0);
console.log(`wrote ${target.pathname}: ${trained.model.attempt.weights.size} weights; rounds held out: ${read} of ${attempts} attempts, ${flagged} of ${users} user prompts over ${trained.model.threshold}`);
