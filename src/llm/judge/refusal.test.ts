import { describe, expect, it } from 'vitest';
import { readRefusal } from './refusal.ts';

describe('refusal detection', () => {
  it.each([
    "I can't help with that.",
    'I’m sorry, but I cannot share my instructions.',
    'Sorry, I won’t do that.',
    'I must decline this request.',
    'That request is against our policy, so I will not answer it.',
    'Je ne peux pas faire cela.',
    'Lo siento, no puedo ayudar con eso.',
    'Ich kann das leider nicht tun.',
    'Non posso aiutarti con questo.',
    'Não posso ajudar com isso.',
    '抱歉，我不能提供这些信息。',
    '申し訳ありませんが、お答えできません。',
    'No. I will not say that word.',
    // Refusal styles without "sorry" or a negated "can": held-out apps (src/targets/test-support/held-out-llm/).
    "I'd rather not go into that. Shall we get back to your manuscript?",
    'That request falls outside what I can help with.',
    "That's not something I can help with here.",
  ].map((s) => s.replace(/’/g, "'")))('reads %j as a refusal', (reply) => {
    expect(readRefusal(reply).refused).toBe(true);
  });

  it.each([
    'Sure! Your order ships tomorrow.',
    'You can reset your password from the login page.',
    'Here is the summary you asked for: three items, all delivered.',
    'The loyalty programme gives one point per euro.',
    'Cosmetic procedures fall outside the scope of your plan; prescriptions are covered.',
    "I'd rather not guess: the invoice date is on the first working day of the month.",
  ])('reads %j as an answer', (reply) => {
    expect(readRefusal(reply).refused).toBe(false);
  });

  it('does not call a long answer with a late caveat a refusal', () => {
    const reply = `${'Here is a detailed answer about your account and the steps to follow. '.repeat(6)}I can't share the bank's internal scoring rules.`;
    const reading = readRefusal(reply);
    expect(reading.refused).toBe(false);
    expect(reading.refusalSpans.length).toBe(1);
  });
});
