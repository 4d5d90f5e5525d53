// axe-core on every page type in both languages (WCAG 2.1 A and AA, zero
// violations), and reflow at 320 px. (Screenshots for docs/ are made by
// `scripts/screenshots`, not by a test.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, axe, PAGES } from './helpers.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });

test('axe-core finds no WCAG 2.1 A/AA violations on any page type, in either language', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const failures = [];
  for (const path of PAGES) {
    await page.goto(server.base + path);
    const violations = await axe(page);
    if (violations.length) failures.push({ path, violations });
  }
  assert.deepEqual(failures, []);
  await context.close();
});

test('pages reflow at 320 px without horizontal scrolling', async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  const wide = [];
  for (const path of PAGES) {
    await page.goto(server.base + path);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 320) wide.push({ path, width });
  }
  assert.deepEqual(wide, []);
  await context.close();
});
