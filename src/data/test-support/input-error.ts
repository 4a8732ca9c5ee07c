import { expect } from 'vitest';
import { RampartError } from '../../errors.ts';

/** The input error `run` rejects with (failing the test when it resolves or throws anything else). */
export async function inputErrorOf(run: () => Promise<unknown>): Promise<RampartError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RampartError);
  expect((error as RampartError).kind).toBe('input');
  return error as RampartError;
}
