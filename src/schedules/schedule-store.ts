import { randomUUID } from 'node:crypto';
import type { Executor } from '../store/executor.ts';

/** A schedule: reviews of one inventory at the slots of a cron expression. */
export interface Schedule {
  id: string;
  organisation: string | null;
  inventoryDir: string;
  cron: string;
  timezone: string;
  checks: string[] | null;
  enabled: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export type ScheduleFields = Pick<Schedule, 'organisation' | 'inventoryDir' | 'cron' | 'timezone' | 'checks' | 'enabled'>;

const COLUMNS = 'id, organisation, inventory_dir, cron, timezone, checks, enabled, created_by, created_at, updated_at';

export async function listSchedules(exec: Executor, { enabledOnly = false } = {}): Promise<Schedule[]> {
  const rows = await exec.executeSql(`select ${COLUMNS} from schedule ${enabledOnly ? 'where enabled' : ''} order by created_at, id`, []);
  return rows.rows.map(toSchedule);
}

export async function findSchedule(exec: Executor, id: string): Promise<Schedule | undefined> {
  const rows = await exec.executeSql(`select ${COLUMNS} from schedule where id = $1`, [id]);
  return rows.rows[0] ? toSchedule(rows.rows[0]) : undefined;
}

export async function insertSchedule(exec: Executor, fields: ScheduleFields, createdBy: string, now: Date): Promise<Schedule> {
  const rows = await exec.executeSql(
    `insert into schedule (id, organisation, inventory_dir, cron, timezone, checks, enabled, created_by, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $9) returning ${COLUMNS}`,
    [randomUUID(), fields.organisation, fields.inventoryDir, fields.cron, fields.timezone, JSON.stringify(fields.checks), fields.enabled, createdBy, now.toISOString()],
  );
  return toSchedule(rows.rows[0] as Record<string, unknown>);
}

export async function updateSchedule(exec: Executor, id: string, fields: ScheduleFields, now: Date): Promise<Schedule | undefined> {
  const rows = await exec.executeSql(
    `update schedule set organisation = $2, inventory_dir = $3, cron = $4, timezone = $5, checks = $6::jsonb, enabled = $7, updated_at = $8
     where id = $1 returning ${COLUMNS}`,
    [id, fields.organisation, fields.inventoryDir, fields.cron, fields.timezone, JSON.stringify(fields.checks), fields.enabled, now.toISOString()],
  );
  return rows.rows[0] ? toSchedule(rows.rows[0]) : undefined;
}

export async function deleteSchedule(exec: Executor, id: string): Promise<Schedule | undefined> {
  const rows = await exec.executeSql(`delete from schedule where id = $1 returning ${COLUMNS}`, [id]);
  return rows.rows[0] ? toSchedule(rows.rows[0]) : undefined;
}

function toSchedule(row: Record<string, unknown>): Schedule {
  return {
    id: String(row.id),
    organisation: (row.organisation as string | null) ?? null,
    inventoryDir: String(row.inventory_dir),
    cron: String(row.cron),
    timezone: String(row.timezone),
    checks: (row.checks as string[] | null) ?? null,
    enabled: Boolean(row.enabled),
    createdBy: String(row.created_by),
    createdAt: new Date(row.created_at as string).toISOString(),
    updatedAt: new Date(row.updated_at as string).toISOString(),
  };
}
