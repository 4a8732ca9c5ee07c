/** Dates and figures as the pages show them: ISO days (what the API and the reports use), times to the minute in UTC. */
export function day(iso: string | undefined): string {
  return iso ? iso.slice(0, 10) : '—';
}

export function minute(iso: string | undefined): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '—';
}

export function score(value: number | undefined): string {
  return value === undefined ? '—' : value.toFixed(1);
}

/** Today as YYYY-MM-DD in UTC, the way due dates and waiver expiries are written. */
export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** YYYY-MM-DD `days` from today: a default waiver expiry. */
export function daysFromToday(days: number, now = new Date()): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** `asset/AML.T0001` → its two parts (the technique id never holds a slash; the asset id never does either). */
export function splitFindingId(id: string): { assetId: string; techniqueId: string } {
  const slash = id.lastIndexOf('/');
  return { assetId: id.slice(0, slash), techniqueId: id.slice(slash + 1) };
}
