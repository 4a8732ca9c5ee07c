import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RampartError } from '../../errors.ts';
import type { KnowledgeBase } from '../../llm/chat.ts';
import { callJson } from '../http-call.ts';
import { getPath } from '../json-path.ts';

export interface UploadRoute {
  url: string;
  method: 'POST' | 'PUT';
  headers: Record<string, string>;
  body: unknown;
  idPath: string;
  remove?: { url: string; method: 'DELETE' | 'POST' };
  secrets: readonly string[];
  timeoutMs: number;
}

/** Strings of the template with `{title}` and `{text}` filled in, at any depth. */
function fill(template: unknown, values: Record<string, string>): unknown {
  if (typeof template === 'string') return template.replace(/\{(title|text|id)\}/g, (whole, key: string) => values[key] ?? whole);
  if (Array.isArray(template)) return template.map((v) => fill(v, values));
  if (template !== null && typeof template === 'object') return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fill(v, values)]));
  return template;
}

/** Plants documents through the app's own upload route, as any user who can upload could. */
export function uploadKnowledgeBase(route: UploadRoute): KnowledgeBase {
  const fail = (what: string, request: string, error: unknown): RampartError =>
    new RampartError('target', `knowledge base (${request}): ${what}: ${error instanceof Error ? error.message : String(error)}`, {}, 'check retrieval.url, body and idPath in the target file', { cause: error });
  const signalFor = (signal?: AbortSignal): AbortSignal => (signal ? AbortSignal.any([signal, AbortSignal.timeout(route.timeoutMs)]) : AbortSignal.timeout(route.timeoutMs));
  return {
    description: `upload route ${route.method} ${route.url}`,
    async plant(doc, signal) {
      const request = `${route.method} ${route.url}`;
      let json: unknown;
      try {
        ({ json } = await callJson({ url: route.url, method: route.method, headers: route.headers, body: fill(route.body, doc), signal: signalFor(signal), secrets: route.secrets }));
      } catch (error) {
        if (signal?.aborted) throw error;
        throw fail('upload failed', request, error);
      }
      const id = getPath(json, route.idPath);
      if (typeof id !== 'string' && typeof id !== 'number') throw fail('upload answered without an id', request, new Error(`nothing at "${route.idPath}"`));
      return String(id);
    },
    async remove(id, signal) {
      if (!route.remove) return;
      const url = fill(route.remove.url, { id: encodeURIComponent(id) }) as string;
      try {
        await callJson({ url, method: route.remove.method, headers: route.headers, body: {}, signal: signalFor(signal), secrets: route.secrets });
      } catch (error) {
        if (signal?.aborted) throw error;
        throw fail('removal failed', `${route.remove.method} ${url}`, error);
      }
    },
  };
}

/** Plants documents as text files in a folder the app indexes; removal deletes them. */
export function folderKnowledgeBase(folder: string): KnowledgeBase {
  return {
    description: `folder ${folder}`,
    async plant(doc) {
      await mkdir(folder, { recursive: true });
      const id = `rampart-${randomUUID()}.txt`;
      await writeFile(join(folder, id), `${doc.title}\n\n${doc.text}\n`);
      return id;
    },
    async remove(id) {
      // Only names this knowledge base made are ever deleted.
      if (/^rampart-[0-9a-f-]{36}\.txt$/.test(id)) await rm(join(folder, id), { force: true });
    },
  };
}
