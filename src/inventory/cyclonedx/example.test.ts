import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { readSourceFile } from '../../util/yaml-source.ts';
import { importCycloneDx } from './import.ts';

// The example ships to users (examples/ml-bom); this keeps it importing cleanly as the importer changes.
const EXAMPLE = fileURLToPath(new URL('../../../examples/ml-bom/support-assistant.cdx.json', import.meta.url));

it('imports examples/ml-bom/support-assistant.cdx.json: an LLM with its RAG corpus, served by a public API', async () => {
  const { assets, notes } = importCycloneDx(await readSourceFile(EXAMPLE, 'CycloneDX BOM'));
  expect(assets.map((a) => `${a.id} ${a.element}/${a.kind}`)).toEqual([
    'support-assistant-llm model/llm',
    'kb-embedder model/embedding',
    'support-kb data/rag-corpus',
    'chat-transcripts data/inference-logs',
    'qdrant platform/vector-store',
  ]);
  const llm = assets[0];
  expect(llm).toMatchObject({
    owner: 'support-ai',
    exposure: 'public',
    authentication: 'api-key',
    dataSensitivity: 'confidential',
    criticality: 'high',
    endpoints: [{ url: 'https://support.acme.example/api/v1/chat/completions', protocol: 'openai-chat', authentication: 'api-key' }],
    relations: { retrievesFrom: ['support-kb'], logsTo: ['chat-transcripts'] },
    attributes: { retrievesUntrustedContent: true, hasMemory: true, thirdPartyArtifacts: true },
  });
  expect(llm?.frameworks.map((f) => f.name)).toEqual(['langchain-core', 'vllm', 'transformers', 'torch']);
  expect(assets.find((a) => a.id === 'support-kb')?.relations).toEqual({ dependsOn: ['kb-embedder'], storedIn: ['qdrant'] });

  // Every relation stays inside the BOM, so the example loads on its own.
  const ids = new Set(assets.map((a) => a.id));
  for (const asset of assets) for (const targets of Object.values(asset.relations)) for (const id of targets ?? []) expect(ids).toContain(id);
  expect(notes).toHaveLength(assets.length + 1);
  expect(notes.at(-1)).toMatch(/"support-assistant"/);
});
