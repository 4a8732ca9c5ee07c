/**
 * Where a log's tool calls go: each destination with the first client that reached it (until a second one does), and
 * each tool's number of distinct destinations. Bounded: at most `max` destinations, and as many per tool for 1,000 tools.
 */
/** Tool names remembered: a log naming more (names made up per call) stops adding them. */
const MAX_TOOLS = 1_000;

export class ToolHabits {
  /** Destination → the one client seen reaching it, or `null` once two have (or it was learned at the start). */
  private readonly hosts = new Map<string, string | null>();
  private readonly perTool = new Map<string, Set<string>>();

  constructor(private readonly max: number) {}

  /** Whether calls normally reach the host: learned at the start, or reached by two clients or more since. */
  usual(host: string): boolean {
    return this.hosts.get(host) === null;
  }

  /** Distinct destinations the tool's calls have reached (up to the bound). */
  distinct(tool: string): number {
    return this.perTool.get(tool)?.size ?? 0;
  }

  /** Notes a call of `tool` by `client` reaching `host`; `trusted` (the learning calls) makes it usual at once. */
  note(tool: string, host: string, client: string, trusted: boolean): void {
    const seen = this.hosts.get(host);
    if (seen === undefined) {
      if (this.hosts.size >= this.max) return;
      this.hosts.set(host, trusted ? null : client);
    } else if (seen !== null && (trusted || seen !== client)) this.hosts.set(host, null);
    let tools = this.perTool.get(tool);
    if (!tools) {
      if (this.perTool.size >= MAX_TOOLS) return;
      this.perTool.set(tool, (tools = new Set()));
    }
    if (tools.size < this.max) tools.add(host);
  }
}
