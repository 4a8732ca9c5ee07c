import { describe, expect, it } from 'vitest';
import { closest } from './suggest.ts';

describe('closest', () => {
  it.each([
    ['clasifier', 'classifier'],
    ['trainedon', 'trainedOn'],
    ['rag_corpus', 'rag-corpus'],
    ['banana', undefined],
  ])('%s → %s', (input, expected) => {
    expect(closest(input, ['classifier', 'regressor', 'trainedOn', 'rag-corpus', 'llm'])).toBe(expected);
  });
});
