/** The finding page's address (built by the finding page's folder, pages/finding). */
export function findingHref(organisation: string, assetId: string, techniqueId: string): string {
  return `/findings/${encodeURIComponent(organisation)}/${encodeURIComponent(assetId)}/${encodeURIComponent(techniqueId)}`;
}

/** The findings page with filters set, as the heatmap and dashboard link to it. */
export function findingsHref(filter: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  const query = params.toString();
  return `/findings${query ? `?${query}` : ''}`;
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
