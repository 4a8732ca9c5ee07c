import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_INVENTORY, PAGE_WAIT_MS, startUi, type UiHarness } from './harness.ts';

let ui: UiHarness;
beforeAll(async () => {
  // The example reviewed twice: the dashboard then has a previous review to compare with and a two-point trend.
  ui = await startUi({ reviews: [EXAMPLE_INVENTORY, EXAMPLE_INVENTORY], dates: ['2026-06-01', '2026-12-01'] });
}, 600_000);
afterAll(() => ui?.close());

/** The count the findings page announces ("1,234 findings in review 2"); -1 while it is loading. */
const rowCount = async (page: Page) => {
  const found = /^([\d,]+) findings/.exec((await page.locator('#finding-count').textContent()) ?? '');
  return found ? Number(found[1]?.replace(/,/g, '')) : -1;
};
const columnTexts = (page: Page, column: number) => page.locator('.data-table-body [role="row"]').evaluateAll((rows, i) => rows.map((r) => r.children[i]?.textContent ?? ''), column);
/** Waits on what the page shows, with room for a loaded machine (expect.poll's own default is one second). */
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: PAGE_WAIT_MS, interval: 100 });
const WRITE_CONTROL = /assign|waive|approve|revoke|sign off|start review|delete account|cancel/i;

describe('the web UI in Chromium', () => {
  it('refuses a wrong password with the server message, then signs in and out', async () => {
    const context = await ui.browser.newContext({ baseURL: ui.url });
    context.setDefaultTimeout(PAGE_WAIT_MS);
    const page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('Account name').fill('viewer');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await poll(() => page.getByRole('alert').textContent()).toContain('wrong account name or password');
    await page.getByLabel('Password').fill(ui.passwords.viewer);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    // A page's own address opens that page after a reload (the server answers it with index.html).
    await page.goto('/matrix');
    await page.getByRole('heading', { level: 1, name: 'ATLAS matrix' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Rampart' }).waitFor();
    await context.close();
  });

  it('shows the example review on the dashboard: posture, changes against the review before, a two-review trend', async () => {
    const page = await ui.newPage('reviewer');
    await page.getByText('Acme Bank, review 2 of 2026-12-01').waitFor();
    const elements = page.getByRole('region', { name: 'Posture by ATLAS element' });
    for (const element of ['data', 'environment', 'model', 'platform']) await elements.getByRole('link', { name: element, exact: true }).waitFor();
    await page.getByText('Against review 1 of 2026-06-01').waitFor();
    await page.getByRole('img', { name: /across 2 reviews, from 2026-06-01 to 2026-12-01/ }).waitFor();
    expect(await page.locator('.trend canvas').count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it('opens the findings behind a heatmap cell: the findings page filtered to that technique', async () => {
    const page = await ui.newPage('auditor');
    await page.getByRole('link', { name: 'ATLAS matrix' }).click();
    const cell = page.locator('.heatmap button.cell').first();
    await cell.waitFor();
    const label = (await cell.getAttribute('aria-label')) ?? '';
    const [, technique, count] = /\((AML\.T[\d.]+)\): (\d+) findings/.exec(label) ?? [];
    expect(technique).toBeDefined();
    await cell.click();
    await page.waitForURL(new RegExp(`/findings\\?technique=${technique?.replace(/\./g, '\\.')}`));
    await poll(() => rowCount(page)).toBe(Number(count));
    const techniques = await columnTexts(page, 5);
    expect(techniques.length).toBe(Number(count));
    expect(techniques.every((t) => t.startsWith(technique as string))).toBe(true);
    await page.context().close();
  });

  it('sorts the findings table by a column and filters it by level and search', async () => {
    const page = await ui.newPage('reviewer');
    await page.goto('/findings');
    await poll(() => rowCount(page)).toBeGreaterThan(0);
    const all = await rowCount(page);
    // Numbers sort highest first on the first click (TanStack's default for numeric columns), then lowest first.
    await page.getByRole('button', { name: 'Risk' }).click();
    await poll(() => page.getByRole('columnheader', { name: 'Risk' }).getAttribute('aria-sort')).toBe('descending');
    await poll(async () => { const a = (await columnTexts(page, 1)).map(Number); return a.length > 1 && a.every((v, i) => i === 0 || a[i - 1]! >= v); }).toBe(true);
    await page.getByRole('button', { name: 'Risk' }).click();
    await poll(() => page.getByRole('columnheader', { name: 'Risk' }).getAttribute('aria-sort')).toBe('ascending');
    await poll(async () => { const d = (await columnTexts(page, 1)).map(Number); return d.length > 1 && d.every((v, i) => i === 0 || d[i - 1]! <= v); }).toBe(true);

    await page.getByLabel('Level').selectOption('high');
    await poll(() => rowCount(page)).toBeLessThan(all);
    await poll(async () => new Set(await columnTexts(page, 2))).toEqual(new Set(['High']));
    await page.getByLabel('Level').selectOption('');
    await page.getByLabel('Search').fill('fraud-detector');
    await poll(async () => new Set((await columnTexts(page, 4)).map((a) => a.trim()))).toEqual(new Set(['fraud-detector']));
    await page.context().close();
  });

  it('keeps a saved view in the browser and opens it again', async () => {
    const page = await ui.newPage('viewer');
    await page.goto('/findings?coverage=blind-spot');
    await page.getByLabel('View name').fill('blind spots');
    await page.getByRole('button', { name: 'Save this view' }).click();
    await page.goto('/findings');
    await page.getByLabel('Open a saved view').selectOption('blind spots');
    await page.waitForURL(/coverage=blind-spot/);
    await poll(async () => new Set(await columnTexts(page, 3))).toEqual(new Set(['Blind spot']));
    await page.context().close();
  });

  it('shows a viewer no write controls on the dashboard, matrix and findings', async () => {
    const page = await ui.newPage('viewer');
    for (const [path, heading] of [['/', 'Dashboard'], ['/matrix', 'ATLAS matrix'], ['/findings', 'Findings']] as const) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.locator('main [aria-busy], main .loading').first().waitFor({ state: 'detached' }).catch(() => undefined);
      const controls = await page.locator('main button, main a.button').allTextContents();
      expect(controls.filter((c) => WRITE_CONTROL.test(c))).toEqual([]);
    }
    await page.context().close();
  });

  it("shows an asset owner their assets only, and no Navigator export of the whole review", async () => {
    const page = await ui.newPage('owner');
    await page.goto('/matrix');
    await page.locator('.heatmap').waitFor();
    const assets = (await page.getByLabel('Asset').locator('option').allTextContents()).filter((o) => o !== 'All assets');
    expect(assets.length).toBeGreaterThan(0);
    expect(assets.every((a) => a.includes('fraud'))).toBe(true);
    expect(await page.getByRole('link', { name: 'Export Navigator layer' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByText('your assets only').waitFor();
    await page.context().close();
  });
});
