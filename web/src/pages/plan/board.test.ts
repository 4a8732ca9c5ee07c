import { describe, expect, it } from 'vitest';
import { byOwner, NO_OWNER, type PlanItem } from './board.ts';

const item = (control: string, owners: string[], due: string, riskRemoved = 1): PlanItem => ({ action: 'implement', control, title: control, type: 'preventive', mitigations: [], assets: ['a'], owners, findings: 1, riskRemoved, due, questions: [] });

describe('the plan board: columns by owner, cards by due date', () => {
  it.each([
    { name: 'one owner, cards by due date', items: [item('late', ['ml'], '2027-03-01'), item('soon', ['ml'], '2027-01-01')], expected: [['ml', ['soon', 'late']]] },
    { name: 'same day: more risk removed first', items: [item('small', ['ml'], '2027-01-01', 2), item('big', ['ml'], '2027-01-01', 9)], expected: [['ml', ['big', 'small']]] },
    { name: 'two owners of one item: in both columns', items: [item('shared', ['ml', 'fraud'], '2027-01-01')], expected: [['fraud', ['shared']], ['ml', ['shared']]] },
    { name: 'the team with the earliest due date first', items: [item('x', ['b-team'], '2027-05-01'), item('y', ['z-team'], '2027-02-01')], expected: [['z-team', ['y']], ['b-team', ['x']]] },
    { name: 'no owner named: a column of its own', items: [item('orphan', [], '2027-01-01')], expected: [[NO_OWNER, ['orphan']]] },
    { name: 'no items: no columns', items: [], expected: [] },
  ])('$name', ({ items, expected }) => {
    expect(byOwner(items).map((c) => [c.owner, c.items.map((i) => i.control)])).toEqual(expected);
  });
});
