// Review (four eyes) and the verification cycle, walked in Chromium (the
// public page without JavaScript): an admin turns review on for Boverket; Boverket's
// editor changes a grant, which becomes a proposal while the public page
// stays as it was; a colleague at Boverket finds it on the dashboard, sees
// the word diff and approves it; the public page changes. Then the grant
// is marked as checked, and its page says by whom. Pages audited with axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, axe, EDITOR_PASSWORD } from './helpers.mjs';

const GRANT = '/bidrag/boverket-samlingslokaler';
const EDIT = '/redaktion/bidrag/boverket-samlingslokaler';
const NEW_TEXT = 'Bidrag till möteslokaler för föreningar i hela landet.';

let server, browser;
before(async () => {
  server = await startServer({
    users: [['bo', 'editor', 'boverket'], ['bo2', 'editor', 'boverket'], ['admin', 'admin']],
  });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); server?.stop(); });

// Editors' contexts run JavaScript only so that axe can audit their pages;
// the site itself sends none.
async function signedIn(name) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  await page.goto(server.base + '/redaktion/logga-in');
  await page.getByLabel('Användarnamn').fill(name);
  await page.getByLabel('Lösenord').fill(EDITOR_PASSWORD);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL('**/redaktion');
  return { context, page };
}

test('an agency editor changes a grant, a colleague approves it, and the public page changes', async () => {
  // The admin turns review on for Boverket.
  const admin = await signedIn('admin');
  await admin.page.goto(server.base + '/redaktion/konton');
  await admin.page.getByLabel('Var').selectOption('boverket');
  await admin.page.getByRole('button', { name: 'Slå på granskning' }).click();
  assert.match(await admin.page.locator('#review ~ ul').first().textContent(), /Boverket/);

  // Boverket's editor changes the description: a proposal.
  const bo = await signedIn('bo');
  await bo.page.goto(server.base + EDIT);
  await bo.page.getByLabel('Beskrivning').fill(NEW_TEXT);
  await bo.page.getByLabel('Kommentar till ändringen').fill('Ny text från vår webbplats');
  await bo.page.getByRole('button', { name: 'Spara', exact: true }).click();
  await bo.page.waitForURL('**/redaktion/forslag/**');
  assert.match(await bo.page.locator('.notice.ok').textContent(), /sparad som ett förslag/);
  assert.deepEqual(await axe(bo.page), []);
  const publicPage = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  publicPage.setDefaultTimeout(15000);
  await publicPage.goto(server.base + GRANT);
  assert.doesNotMatch(await publicPage.locator('main').textContent(), /möteslokaler för föreningar/);

  // The author cannot approve it.
  assert.equal(await bo.page.getByRole('button', { name: 'Godkänn och publicera' }).count(), 0);

  // The colleague approves it from the dashboard.
  const bo2 = await signedIn('bo2');
  assert.match(await bo2.page.locator('#proposals').textContent(), /\(1\)/);
  await bo2.page.locator('#proposals + ul a, #proposals ~ ul a').first().click();
  assert.match(await bo2.page.locator('h1').textContent(), /^Förslag: /);
  assert.match(await bo2.page.locator('table.diff ins').first().textContent(), /möteslokaler/);
  for (const width of [1280, 375]) {
    await bo2.page.setViewportSize({ width, height: 900 });
    await bo2.page.screenshot({ path: `/tmp/review-proposal-${width}.png`, fullPage: true });
  }
  assert.deepEqual(await axe(bo2.page), []);
  await bo2.page.getByLabel('Kommentar eller skäl').fill('Stämmer med boverket.se.');
  await bo2.page.getByRole('button', { name: 'Godkänn och publicera' }).click();
  assert.match(await bo2.page.locator('.notice.ok').textContent(), /godkänt och publicerat/);

  await publicPage.goto(server.base + GRANT);
  assert.match(await publicPage.locator('main').textContent(), /möteslokaler för föreningar i hela landet/);

  // Marked as checked (not reviewed): the public page says by whom.
  await bo2.page.goto(server.base + EDIT);
  await bo2.page.getByRole('button', { name: 'Markera som kontrollerad i dag' }).click();
  await publicPage.goto(server.base + GRANT);
  assert.match(await publicPage.locator('main').textContent(), /Kontrollerad \d+ \S+ \d{4} av Boverket\. Nästa kontroll senast/);
  await publicPage.setViewportSize({ width: 375, height: 900 });
  await publicPage.screenshot({ path: '/tmp/review-public-375.png', fullPage: true });
  for (const c of [admin, bo, bo2]) await c.context.close();
});
