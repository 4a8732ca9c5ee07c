import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_INVENTORY, startUi, type UiHarness, type UiRole } from './harness.ts';

/**
 * Issue #17's story in Chromium against a real `rampart serve`: a review started from the browser and watched to
 * the end, a finding waived by its asset owner and approved by a reviewer, the review signed off, the diff read.
 * The harness stores the example's review (#1) first; the review started here is #2. Steps run in order and share
 * the server; each waits on what the page shows, never on time.
 */
let ui: UiHarness;
const pages = new Map<UiRole, Page>();
const as = async (role: UiRole): Promise<Page> => {
  const open = pages.get(role);
  if (open) return open;
  const page = await ui.newPage(role);
  pages.set(role, page);
  return page;
};

beforeAll(async () => {
  ui = await startUi();
});
afterAll(() => ui?.close());
// When a step fails, what each open page showed (RAMPART_E2E_SHOTS=<folder>): the first thing to look at.
afterEach(async (context) => {
  const folder = process.env.RAMPART_E2E_SHOTS;
  if (!folder || context.task.result?.state !== 'fail') return;
  for (const [role, page] of pages) await page.screenshot({ path: `${folder}/${context.task.name.slice(0, 40)}-${role}.png`, fullPage: true }).catch(() => undefined);
});

/** The README's screenshots (RAMPART_SCREENSHOTS=<folder>): taken where the story passes the page, else nothing. */
async function shot(page: Page, name: string): Promise<void> {
  const folder = process.env.RAMPART_SCREENSHOTS;
  if (folder) await page.screenshot({ path: `${folder}/${name}.png` });
}

const ORG = 'Acme Bank';
/** The finding the story works on, as the owner reached it from the heatmap. */
let storyFinding = '';

interface FindingRow {
  assetId: string;
  techniqueId: string;
  organisation?: string;
}

describe('the review cycle in the browser (issue #17)', () => {
  it('an admin registers the example inventory; a reviewer starts a review of it and watches it to the stored review', async () => {
    const admin = await as('admin');
    await admin.goto('/reviews');
    await admin.getByLabel('Inventory name').fill('acme-bank');
    await admin.getByLabel('Folder on the server').fill(EXAMPLE_INVENTORY);
    await admin.getByRole('button', { name: 'Register folder' }).click();
    await admin.getByRole('cell', { name: 'acme-bank', exact: true }).waitFor();

    const reviewer = await as('reviewer');
    await reviewer.goto('/reviews');
    await reviewer.getByRole('button', { name: 'Start a review of acme-bank' }).click();
    // The job line follows the job: queued/active with a progress bar, then completed with a link to the review.
    await reviewer.getByRole('status').getByText(/Review job/).waitFor();
    await reviewer.getByRole('status').getByRole('link', { name: 'Review #2' }).waitFor();
    await reviewer.getByRole('status').getByText('completed').waitFor();
    // The list now holds it, with the way to the diff against #1.
    await reviewer.getByRole('link', { name: 'Diff #2 against #1' }).waitFor();
    // The progress page shows the same job, finished.
    await reviewer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Progress' }).click();
    await reviewer.getByRole('table', { name: 'Jobs' }).getByRole('link', { name: 'Review #2' }).waitFor();
  });

  it('the asset owner opens the heatmap, clicks through to a finding of theirs, changes its status and asks for a waiver', async () => {
    const owner = await as('owner');
    await owner.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'ATLAS matrix' }).click();
    // A technique cell of the heatmap opens the findings behind it; a row of those opens the finding.
    await owner.getByRole('region', { name: 'ATLAS matrix heatmap' }).locator('button.cell').first().click();
    await owner.waitForURL(/\/findings\?.*technique=/);
    await owner.locator('.data-table-body [role=row][tabindex="0"]').first().click();
    await owner.waitForURL(/\/findings\/[^/?]+\/[^/?]+\/[^/?]+$/);
    storyFinding = new URL(owner.url()).pathname;
    expect(decodeURIComponent(storyFinding)).toMatch(new RegExp(`^/findings/${ORG}/fraud-`));
    await owner.getByRole('heading', { name: 'Reasoning trail' }).waitFor();
    for (const heading of ['Risk factors', 'Plan', 'Evidence', 'Waiver', 'History']) await owner.getByRole('heading', { name: heading, exact: true }).waitFor();
    await owner.getByLabel('Status', { exact: true }).selectOption('in-progress');
    await owner.getByRole('button', { name: 'Save' }).click();
    await owner.getByText(/changed by fraud-analytics/).waitFor();
    await owner.getByText(/fraud-analytics: open → in-progress/).waitFor();
    await owner.getByLabel('Justification').fill('The fraud model sits behind the bank network; compensating monitoring is in place.');
    await owner.getByRole('button', { name: 'Request waiver' }).click();
    await owner.getByRole('list', { name: 'Waiver requests' }).getByText('pending').waitFor();
    await shot(owner, 'finding');
  });

  it('a reviewer approves the waiver on the waivers page; the finding shows it in force', async () => {
    const reviewer = await as('reviewer');
    await reviewer.goto('/waivers');
    // A pending request offers both decisions; a rejection needs a reason (the server's test covers what it records).
    await reviewer.getByRole('button', { name: 'Reject waiver request #1' }).waitFor();
    await reviewer.getByRole('button', { name: 'Approve waiver request #1' }).click();
    await reviewer.getByText('approved by reviewer').waitFor();
    await shot(reviewer, 'waivers');
    await reviewer.goto(storyFinding);
    await reviewer.getByText('In force').waitFor();
  });

  it('a reviewer signs the review off and reads the diff against the one before', async () => {
    const reviewer = await as('reviewer');
    await reviewer.goto('/reviews/2');
    await reviewer.getByRole('button', { name: 'Sign off review #2' }).click();
    await reviewer.getByRole('list', { name: 'Sign-offs' }).getByText(/Signed off as security by reviewer/).waitFor();
    await reviewer.getByRole('link', { name: /Diff against review #1/ }).click();
    await reviewer.getByRole('heading', { level: 1, name: 'Review #2 against #1' }).waitFor();
    const summary = reviewer.getByLabel('Diff summary');
    await summary.getByText('Unchanged').waitFor();
    // The same inventory reviewed twice: every finding is unchanged, none new, none resolved.
    const unchanged = Number(await summary.locator('.card', { hasText: 'Unchanged' }).locator('.figure').textContent());
    expect(unchanged).toBeGreaterThan(0);
    expect(await summary.locator('.card', { hasText: 'New' }).locator('.figure').textContent()).toBe('0');
    await shot(reviewer, 'review-diff');
  });

  it('an auditor reads the audit log, finds the story in it, and verifies the chain', async () => {
    const auditor = await as('auditor');
    await auditor.goto('/audit');
    await auditor.getByRole('cell', { name: 'waiver.approve' }).waitFor();
    await auditor.getByRole('cell', { name: 'review.signoff' }).waitFor();
    await auditor.getByRole('button', { name: 'Verify the chain' }).click();
    await auditor.getByText(/The chain holds/).waitFor();
  });
});

describe('roles in the browser', () => {
  it('a viewer sees no write controls anywhere', async () => {
    const viewer = await as('viewer');
    const nav = viewer.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Reviews' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Audit log' }).count()).toBe(0);

    await viewer.goto('/reviews');
    await viewer.getByRole('heading', { name: 'Stored reviews' }).waitFor();
    await viewer.getByRole('cell', { name: 'acme-bank', exact: true }).waitFor();
    expect(await viewer.getByRole('button', { name: /Start a review/ }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: 'Register folder' }).count()).toBe(0);

    await viewer.goto(storyFinding);
    await viewer.getByRole('heading', { name: 'Reasoning trail' }).waitFor();
    await viewer.getByText(/Status in-progress/).waitFor();
    for (const control of ['Save', 'Request waiver', /Approve waiver/, /Reject waiver/]) expect(await viewer.getByRole('button', { name: control }).count()).toBe(0);
    expect(await viewer.getByLabel('Status', { exact: true }).count()).toBe(0);

    await viewer.goto('/reviews/2');
    await viewer.getByRole('heading', { name: 'Sign-off' }).waitFor();
    expect(await viewer.getByRole('button', { name: /Sign off/ }).count()).toBe(0);

    await viewer.goto('/waivers');
    await viewer.getByRole('heading', { name: 'Waivers', level: 2 }).waitFor();
    expect(await viewer.getByRole('button', { name: /Revoke/ }).count()).toBe(0);

    await viewer.goto('/admin');
    await viewer.getByText('Your role (viewer) may not open this page.').waitFor();
  });

  it("an asset owner sees only their assets: other owners' findings are not found, whole reviews not theirs", async () => {
    const owner = await as('owner');
    const all = (await (await owner.request.get('/api/findings?limit=500')).json()) as { total: number; findings: { assetId: string; owner?: string }[] };
    expect(all.total).toBeGreaterThan(0);
    expect(new Set(all.findings.map((f) => f.owner))).toEqual(new Set(['fraud-analytics']));

    // Another team's finding (one the reviewer sees), named by URL: the page says it is not found, as for a guess.
    const reviewer = await as('reviewer');
    const theirs = ((await (await reviewer.request.get('/api/findings?asset=credit-scoring&limit=1')).json()) as { findings: FindingRow[] }).findings[0];
    expect(theirs).toBeDefined();
    await owner.goto(`/findings/${encodeURIComponent(ORG)}/credit-scoring/${theirs?.techniqueId ?? ''}`);
    await owner.getByRole('alert').getByText(/not found/).waitFor();

    const nav = owner.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Plan' }).waitFor();
    for (const hidden of ['Progress', 'Schedules', 'Admin', 'Audit log']) expect(await nav.getByRole('link', { name: hidden }).count()).toBe(0);
    await owner.goto('/reviews/1');
    await owner.getByText('Your role (asset-owner) may not open this page.').waitFor();

    // The plan board holds only actions on the owner's assets.
    await owner.goto('/plan');
    await owner.locator('.board-card').first().waitFor();
    await shot(owner, 'plan');
    const cards = await owner.locator('.board-card .muted').allTextContents();
    const named = cards.join(' ');
    expect(named).toMatch(/fraud-/);
    expect(named).not.toMatch(/credit-scoring/);
  });
});
