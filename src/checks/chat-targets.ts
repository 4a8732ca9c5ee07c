import { dirname, resolve } from 'node:path';
import type { Asset } from '../inventory/asset.ts';
import type { PlannedTarget, PlanOptions } from './run-checks-targets.ts';

/** Inventory protocols whose `target:` is a chat target file (src/targets/chat-target-file.ts), not a TARGET.yaml. */
export const CHAT_PROTOCOLS: readonly string[] = ['openai-chat', 'ollama-chat', 'anthropic-messages', 'http-chat'];

export const isChatEndpoint = (endpoint: Asset['endpoints'][number]): boolean => CHAT_PROTOCOLS.includes(endpoint.protocol);

/**
 * The LLM applications an asset names: endpoints of a chat protocol with a `target:` file. The check receives
 * the opened `LlmApp` (chat target, owner's knowledge, knowledge base, callback listener) and the run closes it.
 * Endpoints without a target file are skipped with a note: Rampart needs the owner's file to attack an app.
 */
export function chatTargets(asset: Asset, options: PlanOptions, hostAllowed: (url: string) => boolean): PlannedTarget[] {
  const base = resolve(options.root, dirname(asset.source.file));
  const planned: PlannedTarget[] = [];
  for (const endpoint of asset.endpoints.filter(isChatEndpoint)) {
    if (endpoint.target === undefined) {
      options.logger.info(`skipped ${endpoint.url}: a ${endpoint.protocol} endpoint needs a chat target file (target:) for the llm-app checks`, { asset: asset.id });
      continue;
    }
    if (!hostAllowed(endpoint.url)) {
      options.logger.info(`skipped ${endpoint.url}: its host is not among the allowed hosts`, { asset: asset.id });
      continue;
    }
    const file = resolve(base, endpoint.target);
    planned.push({
      label: endpoint.target,
      open: async () => {
        // Loaded lazily, like the prediction adapters: a review without LLM endpoints does not pay for them.
        const { openChatTargetFile } = await import('../targets/open-chat-target.ts');
        const app = await openChatTargetFile(file, { env: options.env });
        return { target: app, close: () => app.close() };
      },
      ...(endpoint.checks ? { configured: { params: endpoint.checks, base } } : {}),
    });
  }
  return planned;
}
