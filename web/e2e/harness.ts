import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServe } from '../../src/cli/test-support/serve-process.ts';

export type UiRole = 'admin' | 'reviewer' | 'owner' | 'auditor' | 'viewer';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(REPO, 'src', 'cli', 'bin.ts');
export const EXAMPLE_INVENTORY = join(REPO, 'examples', 'acme-bank');
export const CHROMIUM = process.env.RAMPART_CHROMIUM ?? '/usr/bin/chromium';

/**
 * The accounts `startUi` makes, one per role. The owner is `fraud-analytics`, which the example inventory names as
 * the owner of its fraud assets, so it sees their findings and nobody else's.
 */
export const ACCOUNTS: Record<UiRole, { name: string; role: string; password: string }> = {
  admin: { name: 'admin', role: 'admin', password: 'admin-correct-horse-battery' },
  reviewer: { name: 'reviewer', role: 'security-reviewer', password: 'reviewer-correct-horse-battery' },
  owner: { name: 'fraud-analytics', role: 'asset-owner', password: 'owner-correct-horse-battery' },
  auditor: { name: 'auditor', role: 'auditor', password: 'auditor-correct-horse-battery' },
  viewer: { name: 'viewer', role: 'viewer', password: 'viewer-correct-horse-battery' },
};

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface UiOptions {
  /** Run `rampart review` on these inventories (in order) into the store before the server starts. Default: the example, once. */
  reviews?: string[];
  /** Review dates (`--date`), one per entry of `reviews`. */
  dates?: string[];
  /** Work on the store before the server starts (it then owns the PGlite store): generated organisations, say. */
  prepare?: (cli: UiHarness['cli'], storeDir: string) => Promise<void>;
}

export interface UiHarness {
  url: string;
  browser: Browser;
  storeDir: string;
  /** A new browser context signed in as that role, on the dashboard. */
  newPage(as: UiRole): Promise<Page>;
  /**
   * The CLI on the harness's store. While the server runs it holds PGlite's single writer: use the API for changes,
   * and the CLI for what reads (`reviews`, `audit verify` after close is not possible — the folder is gone).
   */
  cli(args: string[], stdin?: string): Promise<CliResult>;
  close(): Promise<void>;
}

/**
 * A real `rampart serve` (PGlite in a temp folder, a free port on 127.0.0.1) serving the built UI, with the example
 * review stored and one account per role made with `rampart user add`, and Debian's Chromium through playwright-core.
 */
export async function startUi(options: UiOptions = {}): Promise<UiHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'rampart-ui-'));
  const storeDir = join(dir, 'store');
  const cli = (args: string[], stdin?: string) => runCli(args, storeDir, stdin);
  const must = async (args: string[], stdin?: string) => {
    const result = await cli(args, stdin);
    if (result.code !== 0) throw new Error(`rampart ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
    return result;
  };
  const reviews = options.reviews ?? [EXAMPLE_INVENTORY];
  for (const [i, inventory] of reviews.entries()) await must(['review', inventory, '--no-write', ...(options.dates?.[i] ? ['--date', options.dates[i]] : [])]);
  for (const account of Object.values(ACCOUNTS)) await must(['user', 'add', '--name', account.name, '--role', account.role, '--password-stdin'], account.password);
  await options.prepare?.(cli, storeDir);

  const server = await startServe(storeDir);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  } catch (error) {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const launched = browser;
  return {
    url: server.url,
    browser: launched,
    storeDir,
    cli,
    newPage: async (as) => {
      const context = await launched.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await signIn(page, as);
      return page;
    },
    close: async () => {
      await launched.close().catch(() => undefined);
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Sign in through the sign-in page, and wait for the app's navigation. */
export async function signIn(page: Page, as: UiRole): Promise<void> {
  const account = ACCOUNTS[as];
  await page.goto('/');
  await page.getByLabel('Account name').fill(account.name);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

function runCli(args: string[], storeDir: string, stdin?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', BIN, ...args], { cwd: REPO, env: { ...process.env, RAMPART_STORE: storeDir, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}
