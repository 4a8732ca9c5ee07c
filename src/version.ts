import { readFileSync } from 'node:fs';

/** The package version, read once from package.json so that it is stated in one place. */
export const RAMPART_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
