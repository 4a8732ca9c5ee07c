import { redact } from '../credentials.ts';
import { getPath } from '../json-path.ts';
import { TransientError } from '../retry.ts';

/**
 * An app that says it failed inside a successful answer: HTTP 200 with `{ "error": … }` (gateways, TGI's
 * `error_type: generation` event, a Responses API `response.failed` event, Ollama's error line). Taking it for a
 * reply would judge an empty or half answer; it is a failure of the moment, so it is retried like a 5xx and, when
 * the retries are spent, quoted in the one error the run ends with.
 */
export function errorInAnswer(json: unknown, path: string, secrets: readonly string[], where = 'the answer'): TransientError | undefined {
  const value = getPath(json, path);
  if (value === undefined || value === null || value === false || value === '') return undefined;
  if (typeof value === 'object' && Object.keys(value).length === 0) return undefined;
  const quote = redact((typeof value === 'string' ? value : JSON.stringify(value)).slice(0, 200), secrets);
  return new TransientError(`${where} came with HTTP 200 but reports an error at "${path}": ${quote}`);
}
