import type { LabDocument } from './lab-app.ts';

const STOP = new Set(['what', 'which', 'when', 'where', 'about', 'there', 'their', 'this', 'that', 'with', 'from', 'have', 'your', 'does', 'tell', 'please', 'could', 'would', 'should', 'know', 'them', 'they', 'will', 'into', 'here', 'some']);

const words = (text: string): Set<string> => new Set((text.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) ?? []).filter((w) => !STOP.has(w)));

/**
 * The lab's retrieval: the two documents sharing the most words with the question (title counted twice), as a
 * keyword search would rank them. Anything in the knowledge base can be retrieved, uploaded documents included.
 */
export function retrieve(documents: LabDocument[], question: string, k = 2): LabDocument[] {
  const asked = words(question);
  return documents
    .map((doc, order) => {
      const title = words(doc.title);
      const text = words(doc.text);
      let score = 0;
      for (const w of asked) score += (title.has(w) ? 2 : 0) + (text.has(w) ? 1 : 0);
      return { doc, score, order };
    })
    .filter((r) => r.score > 0)
    // Newer documents first among equals: the freshest answer is usually the one wanted.
    .sort((a, b) => b.score - a.score || b.order - a.order)
    .slice(0, k)
    .map((r) => r.doc);
}
