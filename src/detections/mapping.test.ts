import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMapping } from './mapping.ts';

// A mapping written for `rampart monitor` (its field names, path alternatives and reading keys) is taken as it is.
const cases = [
  ['a monitor mapping file', 'preset: openai\ntimeUnit: ms\nfields:\n  client: key_id|user\n  prompt: req.prompt\n  reply: res.text\n  tokensIn: usage.in\n  tokensOut: usage.out\n', { client: 'key_id', prompt: 'req.prompt', completion: 'res.text', tokens: 'usage.out' }],
  ['our own names at the top level', 'prompt: request.messages.content\ncompletion: reply\n', { prompt: 'request.messages.content', completion: 'reply' }],
] as const;

describe('detections log field mapping', () => {
  it.each(cases)('%s', async (_name, yaml, fields) => {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-detections-mapping-'));
    const file = join(dir, 'mapping.yaml');
    await writeFile(file, yaml);
    expect((await loadMapping(file)).fields).toEqual(fields);
  });

  it('refuses a field neither names, with one message', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-detections-mapping-'));
    const file = join(dir, 'mapping.yaml');
    await writeFile(file, 'fields:\n  promt: request.prompt\n');
    await expect(loadMapping(file)).rejects.toThrow(/not a log field mapping/);
  });
});
