import { randomBytes, randomUUID } from 'node:crypto';
import type { Executor } from '../store/executor.ts';

export const TRIGGER_SOURCES = ['mlflow', 'generic', 'ci'] as const;
export type TriggerSource = (typeof TRIGGER_SOURCES)[number];

/** A signed webhook that starts reviews of one inventory. The secret is shown once, when the trigger is made. */
export interface Trigger {
  id: string;
  source: TriggerSource;
  organisation: string | null;
  inventoryDir: string;
  checks: string[] | null;
  /** Registry model name → asset ids, for models the inventory does not tag `mlflow:<name>`. */
  modelMap: Record<string, string[]> | null;
  createdBy: string;
  createdAt: string;
}

const COLUMNS = 'id, source, organisation, inventory_dir, checks, model_map, created_by, created_at';

export async function insertTrigger(exec: Executor, fields: Omit<Trigger, 'id' | 'createdBy' | 'createdAt'>, createdBy: string): Promise<{ trigger: Trigger; secret: string }> {
  const secret = randomBytes(32).toString('base64url');
  const rows = await exec.executeSql(
    `insert into review_trigger (id, source, organisation, inventory_dir, checks, model_map, secret, created_by) values ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8) returning ${COLUMNS}`,
    [randomUUID(), fields.source, fields.organisation, fields.inventoryDir, JSON.stringify(fields.checks), JSON.stringify(fields.modelMap), secret, createdBy],
  );
  return { trigger: toTrigger(rows.rows[0] as Record<string, unknown>), secret };
}

/** The trigger with its secret, for verifying a delivery. */
export async function findTrigger(exec: Executor, id: string): Promise<{ trigger: Trigger; secret: string } | undefined> {
  const rows = await exec.executeSql(`select ${COLUMNS}, secret from review_trigger where id = $1`, [id]);
  const row = rows.rows[0];
  return row ? { trigger: toTrigger(row), secret: String(row.secret) } : undefined;
}

export async function listTriggers(exec: Executor): Promise<Trigger[]> {
  return (await exec.executeSql(`select ${COLUMNS} from review_trigger order by created_at, id`, [])).rows.map(toTrigger);
}

export async function deleteTrigger(exec: Executor, id: string): Promise<Trigger | undefined> {
  const rows = await exec.executeSql(`delete from review_trigger where id = $1 returning ${COLUMNS}`, [id]);
  return rows.rows[0] ? toTrigger(rows.rows[0]) : undefined;
}

function toTrigger(row: Record<string, unknown>): Trigger {
  return {
    id: String(row.id),
    source: row.source as TriggerSource,
    organisation: (row.organisation as string | null) ?? null,
    inventoryDir: String(row.inventory_dir),
    checks: (row.checks as string[] | null) ?? null,
    modelMap: (row.model_map as Record<string, string[]> | null) ?? null,
    createdBy: String(row.created_by),
    createdAt: new Date(row.created_at as string).toISOString(),
  };
}
