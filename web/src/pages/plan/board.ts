/** A plan item as GET /api/reviews/{id}/plan answers it (src/assess/plan.ts). */
export interface PlanItem {
  action: 'contain' | 'implement' | 'verify';
  control: string;
  title: string;
  type: string;
  mitigations: string[];
  assets: string[];
  owners: string[];
  findings: number;
  riskRemoved: number;
  due: string;
  questions: string[];
  steps?: string[];
}

export interface OwnerColumn {
  owner: string;
  items: PlanItem[];
}

export const NO_OWNER = 'no owner named';

/**
 * The board's columns: one per owning team (an item owned by two teams shows in both), teams with the earliest due
 * date first; in a column, earliest due first, then most risk removed.
 */
export function byOwner(items: readonly PlanItem[]): OwnerColumn[] {
  const columns = new Map<string, PlanItem[]>();
  for (const item of items) {
    for (const owner of item.owners.length > 0 ? item.owners : [NO_OWNER]) {
      const column = columns.get(owner) ?? [];
      column.push(item);
      columns.set(owner, column);
    }
  }
  const sorted = [...columns].map(([owner, list]) => ({ owner, items: [...list].sort((a, b) => a.due.localeCompare(b.due) || b.riskRemoved - a.riskRemoved) }));
  return sorted.sort((a, b) => (a.items[0]?.due ?? '').localeCompare(b.items[0]?.due ?? '') || a.owner.localeCompare(b.owner));
}
