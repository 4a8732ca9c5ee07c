import { judgeReply } from '../judge/verdict.ts';
import { LABELLED_KNOWLEDGE, labelledResponses } from './labelled-responses.ts';

/** The judge's confusion counts on the labelled set (used by the test and by `npm run bench llm`). */
export function scoreJudge(): { tp: number; fp: number; fn: number; tn: number; precision: number; recall: number; misses: string[]; falseAlarms: string[] } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  const misses: string[] = [];
  const falseAlarms: string[] = [];
  for (const c of labelledResponses()) {
    const verdicts = judgeReply({ goal: c.goal, reply: c.reply, turn: 0, sent: c.sent, knowledge: LABELLED_KNOWLEDGE, toolNames: ['lookup_customer', 'delete_record', 'http_get'], callbackHits: c.callbackHits ?? [], ...(c.baseline ? { baseline: c.baseline } : {}), ...(c.leakKind ? { leakKind: c.leakKind } : {}) });
    const said = verdicts.some((v) => v.success);
    if (said && c.exploited) tp++;
    else if (said) {
      fp++;
      falseAlarms.push(c.id);
    } else if (c.exploited) {
      fn++;
      misses.push(c.id);
    }
    else tn++;
  }
  return { tp, fp, fn, tn, precision: tp / Math.max(1, tp + fp), recall: tp / Math.max(1, tp + fn), misses, falseAlarms };
}

