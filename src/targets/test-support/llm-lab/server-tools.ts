/** The lab's server-side tools. `fetch_url` really fetches, but only 127.0.0.1 and localhost: the lab stays offline. */
export async function runServerTool(
  name: string,
  args: Record<string, unknown>,
  lab: { outbox: { to: string; body: string }[]; fetched: string[] },
  signal: AbortSignal,
): Promise<string> {
  switch (name) {
    case 'lookup_order':
      return `Order ${String(args.order_id)}: shipped on 2026-11-02, arriving within 2 working days.`;
    case 'cancel_order':
      return `Order ${String(args.order_id)} cancelled.`;
    case 'send_email':
      lab.outbox.push({ to: String(args.to), body: String(args.body ?? '') });
      return `Email sent to ${String(args.to)}.`;
    case 'fetch_url': {
      const url = String(args.url);
      let host = '';
      try {
        host = new URL(url).hostname;
      } catch {
        return `fetch_url: "${url}" is not a URL.`;
      }
      if (host !== '127.0.0.1' && host !== 'localhost') return `fetch_url: ${host} is unreachable from the lab (it reaches 127.0.0.1 only).`;
      lab.fetched.push(url);
      try {
        const response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(5000)]) });
        return (await response.text()).slice(0, 4000);
      } catch (error) {
        return `fetch_url failed: ${(error as Error).message}`;
      }
    }
    default:
      return `unknown tool ${name}`;
  }
}
