import { describe, expect, it } from 'vitest';
import { scanBytes } from '../scan-file.ts';
import { benignTemplates, hostileTemplates } from '../test-support/chat-templates.ts';
import { zip } from '../test-support/zip-writer.ts';
import { judgeTemplate } from './jinja-template.ts';

const worst = (t: string) => {
  const issues = judgeTemplate(t);
  return issues.some((i) => i.level === 'dangerous') ? 'dangerous' : issues.length ? 'suspicious' : 'clean';
};

describe('Jinja chat templates', () => {
  it.each(Object.entries(benignTemplates))('benign %s is clean', (_, t) => {
    expect(judgeTemplate(t)).toEqual([]);
  });

  it.each(Object.entries(hostileTemplates))('hostile %s is dangerous', (_, t) => {
    expect(worst(t), JSON.stringify(judgeTemplate(t))).toBe('dangerous');
  });

  it('judges tokenizer_config.json templates in string and list form, and chat_template.jinja', async () => {
    const config = (v: unknown) => new TextEncoder().encode(JSON.stringify({ tokenizer_class: 'LlamaTokenizer', chat_template: v }));
    expect((await scanBytes(config(benignTemplates.chatml), 'tokenizer_config.json')).verdict).toBe('clean');
    expect((await scanBytes(config(hostileTemplates.escapedX), 'tokenizer_config.json')).verdict).toBe('dangerous');
    const list = [{ name: 'default', template: benignTemplates.llama3 }, { name: 'tool_use', template: hostileTemplates.joinFilter }];
    const r = await scanBytes(config(list), 'tokenizer_config.json');
    expect(r.verdict).toBe('dangerous');
    expect(r.findings.find((f) => f.rule === 'hf/chat-template')?.message).toContain('chat_template[tool_use]');
    const chatJson = new TextEncoder().encode(JSON.stringify({ chat_template: hostileTemplates.cyclerGlobals }));
    expect((await scanBytes(chatJson, 'chat_template.json')).verdict).toBe('dangerous');
    const archive = zip([{ name: 'model/chat_template.jinja', data: new TextEncoder().encode(hostileTemplates.sliceReverse) }, { name: 'model/ok.jinja', data: new TextEncoder().encode(benignTemplates.qwen) }]);
    const z = await scanBytes(archive, 'model.zip');
    expect(z.verdict).toBe('dangerous');
    expect([...new Set(z.findings.filter((f) => f.rule === 'hf/chat-template').map((f) => f.member))]).toEqual(['model/chat_template.jinja']);
  });
});
