import type { CheckDeclaration } from './contract.ts';

/**
 * Every check, one line each. A test keeps this list equal to the check folders under src/checks/;
 * every index (technique → checks, the catalogue, CLI filters) is derived from it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- checks differ in target, params and evidence types; each is typed in its own folder
export const checks: readonly CheckDeclaration<any, any, any>[] = [];
