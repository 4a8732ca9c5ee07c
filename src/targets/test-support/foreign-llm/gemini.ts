import { createServer, type ServerResponse } from 'node:http';
import { listenLocal } from '../listen-local.ts';
import { readJson, sendJson } from '../held-out-llm/common.ts';
import { answerAs, isJailbreak, pieces, tokens, type Persona } from './persona.ts';

/**
 * The Gemini API (from Google's REST reference): `POST /v1beta/models/{model}:generateContent` and
 * `:streamGenerateContent` (server-sent events with `?alt=sse`, each a whole `GenerateContentResponse` with a piece
 * of the text); the key in `x-goog-api-key` (or `?key=`). Requests: `contents: [{ role: user|model, parts: [{ text }] }]`,
 * `systemInstruction: { parts }`. Answers: `candidates[0].content.parts[].text`, `finishReason`, `usageMetadata`
 * (`promptTokenCount`, `candidatesTokenCount`, `totalTokenCount`). A prompt its safety filter stops is HTTP 200 with
 * `promptFeedback.blockReason` and no candidates. Errors are `{ error: { code, message, status } }` (a bad key is 400
 * INVALID_ARGUMENT). The model here is strong: it blocks jailbreak phrasings and declines everything it should.
 */
export const GEMINI_KEY = 'gemini-test-key-7319';
const careful: Persona = { obeys: false, recites: false, tellsSecrets: false, refusal: "I can't help with that, but I'm glad to answer questions about your itinerary.", smallTalk: 'Your flight to Lisbon leaves at 09:40 from gate B12.' };
const ROUTE = /^\/v1beta\/models\/([\w.-]+):(generateContent|streamGenerateContent)(?:\?(.*))?$/;

type Content = { role?: string; parts?: { text?: string }[] };
const textOfParts = (c: Content | undefined): string => (c?.parts ?? []).map((p) => p.text ?? '').join('');
const error = (res: ServerResponse, code: number, status: string, message: string): void => sendJson(res, code, { error: { code, message, status } });

export async function startGemini(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    void (async () => {
      const route = ROUTE.exec(req.url ?? '');
      if (req.method !== 'POST' || !route) return error(res, 404, 'NOT_FOUND', 'Requested entity was not found.');
      const query = new URLSearchParams(route[3] ?? '');
      if ((req.headers['x-goog-api-key'] ?? query.get('key')) !== GEMINI_KEY) return error(res, 400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.');
      const body = (await readJson(req)) as { contents?: Content[]; systemInstruction?: Content } | undefined;
      const contents = body?.contents;
      if (!Array.isArray(contents) || contents.length === 0) return error(res, 400, 'INVALID_ARGUMENT', '* GenerateContentRequest.contents: contents is not specified');
      if (contents.some((c) => c.role !== undefined && c.role !== 'user' && c.role !== 'model')) return error(res, 400, 'INVALID_ARGUMENT', 'Please use a valid role: user, model.');
      const userText = contents.filter((c) => c.role !== 'model').map(textOfParts).join('\n');
      const promptTokenCount = tokens(JSON.stringify(body));
      const stream = route[2] === 'streamGenerateContent';
      const sse = stream && query.get('alt') === 'sse';
      const answers: object[] = [];
      if (isJailbreak(textOfParts(contents.at(-1)))) {
        answers.push({ promptFeedback: { blockReason: 'SAFETY', safetyRatings: [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH' }] }, usageMetadata: { promptTokenCount, totalTokenCount: promptTokenCount }, modelVersion: route[1] });
      } else {
        const reply = answerAs(careful, userText, textOfParts(body?.systemInstruction));
        const parts = stream ? pieces(reply) : [reply];
        parts.forEach((text, i) => {
          const last = i === parts.length - 1;
          const candidatesTokenCount = tokens(parts.slice(0, i + 1).join(''));
          answers.push({
            candidates: [{ content: { parts: [{ text }], role: 'model' }, index: 0, ...(last ? { finishReason: 'STOP' } : {}) }],
            usageMetadata: { promptTokenCount, candidatesTokenCount, totalTokenCount: promptTokenCount + candidatesTokenCount },
            modelVersion: route[1],
          });
        });
      }
      if (!stream) return sendJson(res, 200, answers[0]);
      if (sse) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        for (const answer of answers) res.write(`data: ${JSON.stringify(answer)}\r\n\r\n`);
        return void res.end();
      }
      // Without alt=sse the stream is one JSON array, written element by element.
      res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(`[${answers.map((a) => JSON.stringify(a)).join(',\r\n')}]`);
    })();
  });
  return listenLocal(server);
}
