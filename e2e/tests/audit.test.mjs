// axe-core on every page type in both languages (WCAG 2.1 A and AA, zero
// violations), reflow at 320 px, and screenshots for docs/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, axe, PAGES, root } from './helpers.mjs';

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

const SHOTS = [
  ['start', '/?on=2026-08-10'],
  ['grant-finder', '/bidrag?area=demokrati-och-civilsamhalle&applicant=ideell-forening&on=2026-11-25'],
  ['grant', '/bidrag/boverket-samlingslokaler?on=2026-08-25'],
  ['area', '/omraden/brottslighet?on=2026-11-25'],
  ['actor', '/aktorer/bra?on=2026-11-25'],
  ['calendar', '/kalender?on=2026-11-25'],
  ['overlaps', '/overlapp'],
  ['search', '/sok?q=segregationen'],
  ['overlaps-en', '/en/overlaps'],
  ['open-data', '/oppna-data'],
  ['api', '/api'],
];

test('screenshots of the main pages at desktop width and at 375 px', async () => {
  const dir = join(root, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  for (const [width, suffix] of [[1280, 'desktop'], [375, 'phone']]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    for (const [name, path] of SHOTS) {
      const response = await page.goto(server.base + path);
      assert.equal(response.status(), 200, path);
      await page.screenshot({ path: join(dir, `${name}-${suffix}.png`), fullPage: true });
    }
    await context.close();
  }
});
