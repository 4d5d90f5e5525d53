// Journeys that must end where the person needed to get (issue 11), walked in
// Chromium without JavaScript: each test ends by asserting the goal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, launchBrowser } from './helpers.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });

const ON = 'on=2026-11-29';

async function newPage(options = {}) {
  const context = await browser.newContext({ javaScriptEnabled: false, ...options });
  return [context, await context.newPage()];
}

for (const [lang, t] of [
  ['sv', { finder: `/bidrag?${ON}`, area: /^Boende \(\d+\)$/, who: 'Vem söker?', kommun: 'Kommun', within: 'Sista ansökningsdag inom', days: '90 dagar', show: 'Visa bidrag', none: '0 bidrag', wayOut: /^Utan tidsgränsen: \d+ bidrag$/, grant: 'Stöd till kommuner med svag bostadsmarknad', act: 'Till Boverkets webbplats' }],
  ['en', { finder: `/en/grants?${ON}`, area: /^Housing \(\d+\)$/, who: 'Who is applying?', kommun: 'Municipality', within: 'Deadline within', days: '90 days', show: 'Show grants', none: '0 grants', wayOut: /^Without the time limit: \d+ grants?$/, grant: 'Stöd till kommuner med svag bostadsmarknad', act: 'Go to the website of Boverket' }],
]) {
  test(`a municipal official looking for housing grants with a deadline in 90 days reaches a page to act on (${lang})`, async () => {
    const [context, page] = await newPage();
    await page.goto(server.base + t.finder);
    await page.getByLabel(t.area).check();
    await page.getByLabel(t.who).selectOption({ label: t.kommun });
    await page.getByLabel(t.within).selectOption({ label: t.days });
    await page.getByRole('button', { name: t.show }).click();
    assert.equal(await page.locator('h2#results').textContent(), t.none);
    // No calendar of nothing, but a way out with its count.
    assert.equal(await page.locator('a[href*=".ics"]').count(), 0);
    await page.getByRole('link', { name: t.wayOut }).click();
    await page.getByRole('link', { name: t.grant }).first().click();
    assert.equal(await page.locator('h1').textContent(), t.grant);
    const act = page.getByRole('link', { name: t.act });
    assert.equal(await act.getAttribute('href'), 'https://www.boverket.se/');
    await context.close();
  });
}

test('an association filtering on ideell förening also sees the grants whose applicants the source does not name', async () => {
  const [context, page] = await newPage();
  await page.goto(`${server.base}/bidrag?${ON}`);
  await page.getByLabel('Vem söker?').selectOption({ label: 'Ideell förening' });
  await page.getByRole('button', { name: 'Visa bidrag' }).click();
  const apart = page.getByRole('region', { name: /^Källan anger inte vem som kan söka: \d+ bidrag$/ });
  await apart.getByRole('link', { name: /^Stöd till projekt som bidrar till att stärka barn/ }).click();
  assert.match(await page.locator('h1').textContent(), /^Stöd till projekt som bidrar/);
  const apply = page.getByRole('link', { name: 'Till bidraget hos Allmänna arvsfonden' });
  assert.equal(await apply.getAttribute('href'), 'https://www.arvsfonden.se/ansokan/ansok-om-pengar');
  assert.match(await page.locator('.added').first().textContent(), /^Tillagt av Samverkan, inte av källan/);
  await context.close();
});

test('an agency official on a phone reads who shares each area, and which agencies have no role', async () => {
  const [context, page] = await newPage({ viewport: { width: 375, height: 800 } });
  await page.goto(server.base + '/overlapp');
  const byArea = page.getByRole('region', { name: 'Område för område' });
  assert.equal(await byArea.getByRole('heading', { level: 3 }).count(), 6);
  assert.ok((await byArea.getByRole('link', { name: 'Migrationsverket' }).count()) === 1, 'an agency without a role is listed');
  assert.match(await page.locator('main').textContent(), /Samverkans läsning av varje aktörs uppdrag/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false, 'the page does not scroll sideways');
  await context.close();
});

test('a researcher finds open data in the menu, reads every field and the API, and downloads the Excel file', async () => {
  const [context, page] = await newPage({ acceptDownloads: true });
  await page.goto(server.base + '/');
  await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Öppna data' }).click();
  assert.equal(await page.locator('h1').textContent(), 'Öppna data');
  assert.ok((await page.locator('dl.fields dt', { hasText: 'next_deadline' }).count()) >= 1);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'bidrag-excel.csv' }).click(),
  ]);
  const excel = readFileSync(await download.path(), 'utf8');
  assert.ok(excel.startsWith('\ufeff"id";"title"'), 'a BOM and semicolons');
  await page.getByRole('link', { name: 'Läs om API:t' }).click();
  assert.equal(await page.locator('h1').textContent(), 'API för öppna data');
  assert.match(await page.locator('pre').first().textContent(), /^curl '/);
  await context.close();
});
