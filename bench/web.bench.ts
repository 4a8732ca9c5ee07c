// `npm run bench web`: the web UI. Time to interactive of the findings page over a review of RAMPART_BENCH_FINDINGS
// (default 10,000) findings, in Debian's Chromium through playwright-core, and the size of the built bundle (raw and
// gzip). The review is generated (334 assets × 30 techniques), stored in a fresh PGlite store, and served with the
// built UI by the team server in this process on an ephemeral 127.0.0.1 port. "Interactive" is the moment the first
// rows are in the table and focusable, read from the page's own clock (performance.now(), from navigation start).
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { serve } from '@hono/node-server';
import { chromium } from 'playwright-core';
import { addAccount } from '../src/accounts/accounts.ts';
import { SignInThrottle } from '../src/accounts/throttle.ts';
import { storeAuditSink } from '../src/audit/audit-log.ts';
import { syntheticReview } from '../src/review/test-support/synthetic-review.ts';
import { createApp } from '../src/server/app.ts';
import { WEB_ROOT } from '../src/server/web-assets.ts';
import { openStore } from '../src/store/connection.ts';
import { saveReview } from '../src/store/reviews.ts';
import buildUi from '../web/e2e/global-setup.ts';
import { CHROMIUM } from '../web/e2e/harness.ts';

const RUNS = 5;

/**
 * The little of the page's globals the functions playwright runs in the page use (functions, not strings: the UI's
 * CSP refuses eval). The bench is type-checked without the DOM's types.
 */
interface Page {
  document: {
    querySelectorAll(selector: string): { length: number };
    getElementById(id: string): { textContent: string | null } | null;
  };
}

export async function run(): Promise<void> {
  const wanted = Number(process.env.RAMPART_BENCH_FINDINGS ?? 10_000);
  await buildUi();
  await bundleSize();
  const root = await mkdtemp(join(tmpdir(), 'rampart-bench-web-'));
  try {
    const store = await openStore({ kind: 'pglite', dir: join(root, 'store') }, { mode: 'serve' });
    const review = syntheticReview({ assets: Math.ceil(wanted / 30), techniquesPerAsset: 30 });
    const meta = await saveReview(store, review, { runBy: 'bench' });
    await addAccount(store, { name: 'bench', role: 'viewer', password: 'bench-password-long' });
    const clock = () => new Date();
    const app = createApp({ store, clock, audit: storeAuditSink(store, clock), throttle: new SignInThrottle(clock), secureCookies: false, addressOf: () => '127.0.0.1', startReview: () => Promise.reject(new Error('not in the bench')), webRoot: WEB_ROOT });
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const context = await browser.newContext({ baseURL: url, viewport: { width: 1280, height: 900 } });
      const signIn = await context.request.post('/api/session', { data: { name: 'bench', password: 'bench-password-long' }, headers: { origin: url } });
      if (!signIn.ok()) throw new Error(`sign-in failed: ${signIn.status()}`);
      console.log(`\n${meta.findingCount.toLocaleString('en')} findings in one review; ${RUNS} loads of /findings (the first with an empty cache)`);
      console.log('| load | time to interactive ms | rows loaded | load average (1 min) |');
      console.log('|---|---:|---:|---:|');
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const page = await context.newPage();
        await page.goto('/findings');
        await page.waitForFunction(
          () => {
            const doc = (globalThis as unknown as Page).document;
            return doc.querySelectorAll('.data-table-body [role="row"][tabindex="0"]').length > 0 && /^[\d,]+ findings/.test(doc.getElementById('finding-count')?.textContent ?? '');
          },
          undefined,
          { timeout: 120_000 },
        );
        const tti = await page.evaluate(() => performance.now());
        const rows = await page.locator('.data-table-body [role="row"][tabindex="0"]').count();
        times.push(tti);
        console.log(`| ${i === 0 ? 'cold' : `warm ${i}`} | ${tti.toFixed(0)} | ${rows} | ${loadavg()[0]?.toFixed(2)} |`);
        if (i === RUNS - 1) await scrollToEnd(page, meta.findingCount);
        await page.close();
      }
      const warm = times.slice(1).sort((a, b) => a - b);
      console.log(`\nmedian warm time to interactive ${warm[Math.floor(warm.length / 2)]?.toFixed(0)} ms (cold ${times[0]?.toFixed(0)} ms)`);
    } finally {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await store.close();
    }
    const usage = process.resourceUsage();
    console.log(`bench process (server + PGlite, not the browser): peak RSS ${(usage.maxRSS / 1024).toFixed(0)} MB; CPU user+sys ${((usage.userCPUTime + usage.systemCPUTime) / 1e6).toFixed(1)} s`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Jump to the table's last row (End key): only the slices in view are fetched, and the last row is there. */
async function scrollToEnd(page: import('playwright-core').Page, count: number): Promise<void> {
  const start = await page.evaluate(() => performance.now());
  await page.locator('.data-table-body [role="row"][tabindex="0"]').first().focus();
  await page.keyboard.press('End');
  await page.waitForFunction((last) => (globalThis as unknown as Page).document.querySelectorAll(`.data-table-body [role="row"][aria-rowindex="${last + 1}"][tabindex="0"]`).length > 0, count, { timeout: 120_000 });
  const took = (await page.evaluate(() => performance.now())) - start;
  const requests = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/finding-table')).length);
  console.log(`| End key → row ${count.toLocaleString('en')} shown | ${took.toFixed(0)} | ${requests} slice requests in all | ${loadavg()[0]?.toFixed(2)} |`);
}

async function bundleSize(): Promise<void> {
  const dir = join(WEB_ROOT, 'assets');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.js') || f.endsWith('.css'));
  const index = await readFile(join(WEB_ROOT, 'index.html'), 'utf8');
  let raw = 0;
  let gzip = 0;
  let firstRaw = 0;
  let firstGzip = 0;
  console.log('| file | raw KiB | gzip KiB | loaded |');
  console.log('|---|---:|---:|---|');
  for (const file of files.sort()) {
    const bytes = await readFile(join(dir, file));
    const zipped = gzipSync(bytes, { level: 9 }).length;
    const initial = index.includes(`/assets/${file}`);
    raw += bytes.length;
    gzip += zipped;
    if (initial) {
      firstRaw += bytes.length;
      firstGzip += zipped;
    }
    console.log(`| ${file} | ${(bytes.length / 1024).toFixed(1)} | ${(zipped / 1024).toFixed(1)} | ${initial ? 'at start' : 'with its page'} |`);
  }
  console.log(`| **all** | ${(raw / 1024).toFixed(1)} | ${(gzip / 1024).toFixed(1)} | |`);
  console.log(`| **at start** | ${(firstRaw / 1024).toFixed(1)} | ${(firstGzip / 1024).toFixed(1)} | |`);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
