/**
 * Poll `probe` until it returns a value (not undefined), or fail after a generous bound: tests wait for states, never
 * for a length of time. The bound only turns a hang into a failure with a message.
 */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, boundMs = 180_000): Promise<T> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
