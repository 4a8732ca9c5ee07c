import { describe, expect, it } from 'vitest';
import { RampartError } from '../../errors.ts';
import { HttpRequest, HttpResponse } from '../target-file.ts';
import { answerReader } from './answers.ts';
import { parseBody } from './body-format.ts';
import { requestBuilder } from './request-body.ts';

const x = [Float64Array.of(0.5, 0.25, 0, 1), Float64Array.of(1, 0, 0.75, 0.125)];

describe('requests are built as the file says', () => {
  it.each([
    ['legacy inputPath, batched', 'POST', { template: { a: 1 }, inputPath: 'data.rows', maxBatch: 8 }, { body: '{"a":1,"data":{"rows":[[0.5,0.25,0,1],[1,0,0.75,0.125]]}}' }],
    ['placeholders: MLflow split', 'POST', { template: { dataframe_split: { columns: '{{columns}}', data: '{{inputs}}' } }, columns: 'f{i}', maxBatch: 8 }, { body: '{"dataframe_split":{"columns":["f0","f1","f2","f3"],"data":[[0.5,0.25,0,1],[1,0,0.75,0.125]]}}' }],
    ['records keyed by column', 'POST', { template: { dataframe_records: '{{inputs}}' }, input: 'record', columns: ['a', 'b', 'c', 'd'], maxBatch: 8 }, { body: '{"dataframe_records":[{"a":0.5,"b":0.25,"c":0,"d":1},{"a":1,"b":0,"c":0.75,"d":0.125}]}' }],
    ['tensor shape per input', 'POST', { template: { instances: '{{inputs}}' }, input: 'tensor', shape: [1, 2, 2], maxBatch: 8 }, { body: '{"instances":[[[[0.5,0.25],[0,1]]],[[[1,0],[0.75,0.125]]]]}' }],
    ['text in a string', 'POST', { template: { prompt: 'pixels: {{input}} ({{n}})' } }, { body: '{"prompt":"pixels: 0.5,0.25,0,1 (1)"}' }],
    ['CSV rows, header from columns', 'POST', { body: 'csv', columns: ['a', 'b', 'c', 'd'], maxBatch: 8 }, { body: 'a,b,c,d\n0.5,0.25,0,1\n1,0,0.75,0.125\n', contentType: 'text/csv' }],
    ['GET query string', 'GET', { template: { x: '{{input}}', model: 'm1' } }, { url: 'http://h/p?k=1&x=0.5%2C0.25%2C0%2C1&model=m1', body: undefined }],
    ['form body', 'POST', { body: 'form', template: '{{input}}', input: 'record', columns: 'p{i}' }, { body: 'p0=0.5&p1=0.25&p2=0&p3=1', contentType: 'application/x-www-form-urlencoded' }],
    ['JSONata', 'POST', { jsonata: '{"rows": inputs, "k": n}', maxBatch: 8 }, { body: '{"rows":[[0.5,0.25,0,1],[1,0,0.75,0.125]],"k":2}' }],
  ] as const)('%s', async (_what, method, request, expected) => {
    const builder = requestBuilder('http://h/p?k=1', method, HttpRequest.parse(request), 4);
    await builder.check();
    const built = await builder.build((request as { maxBatch?: number }).maxBatch ? x : x.slice(0, 1));
    expect(built).toMatchObject(expected);
  });

  it.each([
    ['an unknown placeholder', { template: { a: '{{inptus}}' } }, /unknown placeholder \{\{inptus\}\} at request.template.a/],
    ['a JSONata syntax error', { jsonata: '{"a": inputs' }, /JSONata syntax error at character/],
    ['records without columns', { input: 'record' }, /needs request.columns/],
    ['a shape the input does not fill', { input: 'tensor', shape: [3, 3], template: '{{input}}' }, /does not fill shape \[3, 3\]/],
  ])('refuses %s at open time', async (_what, request, message) => {
    const open = async (): Promise<void> => requestBuilder('http://h/p', 'POST', HttpRequest.parse(request), 4).check();
    await expect(open()).rejects.toThrow(message);
    await expect(open()).rejects.toBeInstanceOf(RampartError);
  });
});

const read = async (response: unknown, body: unknown, n: number, batched = true, classes = 3) =>
  answerReader(HttpResponse.parse(response), batched, { classNames: undefined, classes }).read(body, n, 200);

describe('answers are read from the whole response, never relative to a default', () => {
  it.each([
    ['parallel arrays: labels and scores', { labels: 'predictions', scores: 'probabilities' }, { predictions: [2, 0], probabilities: [[0.1, 0.2, 0.7], [0.6, 0.3, 0.1]] }, [2, 0], true],
    ['parallel arrays read automatically', { answers: '' }, { predictions: [2, 0], probabilities: [[0.1, 0.2, 0.7], [0.6, 0.3, 0.1]] }, [2, 0], true],
    ['records: a path through every answer', { labels: 'out.*.cls' }, { out: [{ cls: 1 }, { cls: 2 }] }, [1, 2], false],
    ['answers that are score lists', { answers: 'predictions' }, { predictions: [[0.1, 0.2, 0.7], [0.6, 0.3, 0.1]] }, [2, 0], true],
    ['answers that are { label, probabilities } objects', { answers: 'predictions' }, { predictions: [{ label: 1, probabilities: [0.2, 0.5, 0.3] }, { label: 0, probabilities: [0.5, 0.2, 0.3] }] }, [1, 0], true],
    ['a score map per answer (top-k)', { answers: '' }, [{ '2': 0.9 }, { '0': 0.8 }], [2, 0], true],
    ['Hugging Face style [{ label, score }] lists', { answers: '' }, [[{ label: '2', score: 0.9 }, { label: '0', score: 0.1 }], [{ label: '1', score: 0.6 }]], [2, 1], true],
    ['CSV lines of labels', { answers: '' }, parseBody('2\n1\n', 'text/csv', undefined, 200), [2, 1], false],
    ['JSONata', { labels: { jsonata: 'results.($number(cls))' } }, { results: [{ cls: '1' }, { cls: '2' }] }, [1, 2], false],
  ])('%s', async (_what, response, body, labels, scored) => {
    const reading = await read(response, body, 2);
    expect(reading.predictions.map((p) => p.label)).toEqual(labels);
    expect(reading.predictions.every((p) => p.scores !== undefined)).toBe(scored);
  });

  it.each([
    // The case that had to be rewritten by hand: a batched file kept an unbatched labelPath.
    ['a legacy labelPath that was written for the top', { labelPath: 'predictions.0', scoresPath: 'probabilities.0' }, { predictions: [2, 0], probabilities: [[0.1, 0.2, 0.7], [0.6, 0.3, 0.1]] },
      /answer 0 \(predictions\.0\): no scores at "probabilities\.0" .*"probabilities\.0" is read inside each answer of itemsPath "predictions" \(the default: itemsPath is not written\), but at the top of the response it is an array of 3 numbers/],
    ['a misspelt path', { labels: 'predicitons' }, { predictions: [2, 0] }, /^labels "predicitons": the response is an object with keys predictions, with no "predicitons"$/],
    ['a path into the wrong place', { scores: 'probabilities.*.p' }, { probabilities: [[0.1, 0.9]] }, /scores "probabilities\.\*\.p": "probabilities\.0" is an array of 2 numbers, with no "p"/],
    ['one value for a batch', { labels: 'label' }, { label: 2 }, /labels "label": number 2 for a batch of 2 inputs/],
    ['a label that is a name without classNames', { labels: 'l' }, { l: ['cat', 'dog'] }, /answer 0: labels "l": string "cat" is not a class index; string labels need "classNames"/],
  ])('%s: one message naming the path and what was there', async (_what, response, body, message) => {
    await expect(read(response, body, 2)).rejects.toThrow(message);
  });
});
