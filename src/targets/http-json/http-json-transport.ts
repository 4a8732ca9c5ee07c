import { redact } from '../credentials.ts';
import { ProtocolError, type Transport } from '../guarded-target.ts';
import { callText } from '../http-call.ts';
import type { HttpRequest, HttpResponse } from '../target-file.ts';
import { answerReader } from './answers.ts';
import { parseBody } from './body-format.ts';
import { requestBuilder } from './request-body.ts';

export interface HttpJsonOptions {
  url: string;
  method: 'GET' | 'POST' | 'PUT';
  headers: Record<string, string>;
  secrets: string[];
  request: HttpRequest;
  response: HttpResponse;
  features: number | undefined;
  classes: number | undefined;
}

/**
 * A prediction API over HTTP: the request built from a template, placeholders or JSONata (JSON, form, CSV,
 * text or a query string), the answer read by paths or JSONata (JSON, CSV or text). Each call keeps the
 * parsed answer and the fields the file read, so the exposure check can see what the file does not read.
 */
export async function httpJsonTransport(options: HttpJsonOptions): Promise<Transport> {
  const batched = options.request.maxBatch !== undefined;
  const builder = requestBuilder(options.url, options.method, options.request, options.features);
  await builder.check();
  const reader = answerReader(options.response, batched, { classNames: options.response.classNames, classes: options.classes });
  return {
    features: options.features,
    classes: options.classes,
    maxBatch: options.request.maxBatch ?? 1,
    endpoint: `${options.method} ${options.url}`,
    async send(inputs, signal) {
      let built;
      try {
        built = await builder.build(inputs);
      } catch (error) {
        if (error instanceof ProtocolError) throw error;
        throw new ProtocolError(`the request could not be built: ${(error as Error).message}`);
      }
      const answer = await callText({ url: built.url, method: options.method, headers: options.headers, body: built.body, contentType: built.contentType, signal, secrets: options.secrets });
      let body: unknown;
      try {
        body = parseBody(answer.text, answer.contentType, options.response.format, answer.status);
      } catch (error) {
        if (error instanceof ProtocolError) throw new ProtocolError(redact(error.message, options.secrets), error.status);
        throw error;
      }
      const reading = await reader.read(body, inputs.length, answer.status);
      return { predictions: reading.predictions, status: answer.status, raw: { body, inputs: inputs.length, fields: reading.fields } };
    },
    close: async () => undefined,
  };
}
