// The editors' area in Chromium, without JavaScript (it needs none): sign in,
// edit a grant, read the change as a diff in its history, restore the old
// version, and check every editor page with axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, axe, EDITOR_PASSWORD } from './helpers.mjs';

let server, browser;
before(async () => {
  server = await startServer({ users: [['redaktor', 'admin']] });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); server?.stop(); });

const GRANT = 'boverket-svag-bostadsmarknad';

async function signIn(page) {
  await page.goto(server.base + '/redaktion');
  await page.waitForURL(/logga-in/);
  await page.getByLabel('Användarnamn').fill('redaktor');
  await page.getByLabel('Lösenord').fill(EDITOR_PASSWORD);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL(server.base + '/redaktion');
}

test('an editor edits a grant, reads the diff and restores the old version', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page);
  assert.equal(await page.locator('h1').textContent(), 'Redaktionens översikt');

  await page.goto(`${server.base}/redaktion/bidrag/${GRANT}`);
  await page.getByLabel('Titel').fill('Stöd till kommuner med stark bostadsmarknad');
  await page.getByLabel('Sista ansökningsdag').fill('31 februari');
  await page.getByRole('button', { name: 'Spara' }).click();
  // The server refuses the impossible date, next to the field, keeping the input.
  assert.match(await page.locator('#e-deadline').textContent(), /31 februari/);
  assert.equal(await page.getByLabel('Titel').inputValue(), 'Stöd till kommuner med stark bostadsmarknad');
  await page.getByLabel('Sista ansökningsdag').fill('1 mars');
  await page.getByLabel('Kommentar till ändringen', { exact: true }).fill('Enligt Boverkets webbplats');
  await page.getByRole('button', { name: 'Spara' }).click();
  assert.match(await page.locator('.notice.ok').textContent(), /sparade \(version 2\)/);

  await page.goto(`${server.base}/bidrag/${GRANT}`);
  assert.equal(await page.locator('h1').textContent(), 'Stöd till kommuner med stark bostadsmarknad');

  await page.goto(`${server.base}/redaktion/bidrag/${GRANT}/historik`);
  const latest = page.locator('.revision').first();
  assert.match(await latest.textContent(), /Enligt Boverkets webbplats/);
  assert.equal(await latest.locator('del').first().textContent(), '[borttaget: svag]');
  assert.equal(await latest.locator('ins').first().textContent(), '[tillagt: stark]');

  await page.getByRole('button', { name: 'Återställ version 1' }).click();
  await page.waitForURL(/historik$/);
  assert.match(await page.locator('.revision').first().textContent(), /Återställd/);
  await page.goto(`${server.base}/bidrag/${GRANT}`);
  assert.equal(await page.locator('h1').textContent(), 'Stöd till kommuner med svag bostadsmarknad');
  await context.close();
});

test('an editor who lost a laptop signs out everywhere', async () => {
  // Two browsers signed in as the same account: the lost laptop and this one.
  const lost = await browser.newContext({ javaScriptEnabled: false });
  await signIn(await lost.newPage());
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page);
  await page.getByRole('link', { name: 'Inloggningar' }).click();
  assert.equal(await page.locator('h1').textContent(), 'Dina inloggningar');
  assert.ok((await page.locator('tbody tr').count()) >= 2, 'both sign-ins are listed');
  assert.equal(await page.getByText('Den här webbläsaren').count(), 1);
  await page.getByRole('button', { name: 'Logga ut överallt' }).click();
  await page.waitForURL(/logga-in$/);
  // The lost laptop is signed out too.
  const lostPage = await lost.newPage();
  await lostPage.goto(server.base + '/redaktion');
  assert.match(lostPage.url(), /logga-in/);
  await lost.close();
  await context.close();
});

test('the editor pages have no WCAG 2.1 AA violations and reflow at 320 px', async () => {
  const context = await browser.newContext({ javaScriptEnabled: true });
  const page = await context.newPage();
  await signIn(page);
  const pages = [
    '/redaktion', '/redaktion/bidrag', `/redaktion/bidrag/${GRANT}`, `/redaktion/bidrag/${GRANT}/historik`,
    '/redaktion/aktorer/boverket', '/redaktion/ny/insatser', '/redaktion/konton', '/redaktion/nycklar',
    '/redaktion/inloggningar', '/en/editor', `/en/editor/grants/${GRANT}`, '/en/editor/sign-ins',
  ];
  for (const path of pages) {
    for (const width of [1280, 320]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(server.base + path);
      assert.deepEqual(await axe(page), [], `${path} at ${width} px`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      assert.equal(overflow, false, `${path} scrolls sideways at ${width} px`);
    }
  }
  // A form with errors, as a screen reader user meets it.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(server.base + '/redaktion/ny/bidrag');
  await page.locator('#f-id').fill('Fel Id');
  await page.getByRole('button', { name: 'Spara' }).click();
  assert.deepEqual(await axe(page), [], 'the form with errors');
  await context.close();
});
