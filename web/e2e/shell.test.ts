import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, startUi, type UiHarness } from './harness.ts';

let ui: UiHarness;
beforeAll(async () => {
  ui = await startUi();
}, 240_000);
afterAll(() => ui?.close());

describe('the web UI shell in Chromium', () => {
  it('refuses a wrong password with the server message, then signs in and out', { timeout: 60_000 }, async () => {
    const context = await ui.browser.newContext({ baseURL: ui.url });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('Account name').fill('viewer');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('wrong account name or password');
    await page.getByLabel('Password').fill(ACCOUNTS.viewer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await page.getByText('viewer (viewer)').count()).toBe(1);
    // A page's own address opens that page after a reload (the server answers it with index.html).
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Rampart' }).waitFor();
    await context.close();
  });

  it('shows an unknown address as not found inside the app', { timeout: 60_000 }, async () => {
    const page = await ui.newPage('auditor');
    await page.goto('/no-such-page');
    await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
    await page.context().close();
  });
});
