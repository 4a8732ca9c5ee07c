// `npm run screenshots`: the README's pictures of the web UI, taken by Chromium (playwright-core) from a real
// `rampart serve` over the example organisation reviewed twice (the harness of the browser tests). Writes
// docs/screenshots/*.png; run it after changing a page.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import buildUi from '../web/e2e/global-setup.ts';
import { EXAMPLE_INVENTORY, startUi } from '../web/e2e/harness.ts';

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

await buildUi();
await mkdir(OUT, { recursive: true });
const ui = await startUi({ reviews: [EXAMPLE_INVENTORY, EXAMPLE_INVENTORY], dates: ['2026-06-01', '2026-12-01'] });
try {
  const page = await ui.newPage('reviewer');
  const shots: [string, string, () => Promise<unknown>][] = [
    ['dashboard', '/', () => page.locator('.trend canvas').first().waitFor()],
    ['matrix', '/matrix', () => page.locator('.heatmap button.cell').first().waitFor()],
    ['matrix-risk', '/matrix?by=risk', () => page.locator('.heatmap button.cell').first().waitFor()],
    ['findings', '/findings?sort=score&dir=desc', () => page.locator('.data-table-body [role="row"][tabindex="0"]').first().waitFor()],
  ];
  for (const [name, path, ready] of shots) {
    await page.goto(path);
    await ready();
    await page.screenshot({ path: `${OUT}${name}.png`, fullPage: name !== 'findings' });
    console.log(`docs/screenshots/${name}.png`);
  }
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto('/');
  await page.locator('.trend canvas').first().waitFor();
  await page.screenshot({ path: `${OUT}dashboard-tablet.png` });
  console.log('docs/screenshots/dashboard-tablet.png');
} finally {
  await ui.close();
}
