// "Rapportera fel", walked in Chromium without JavaScript: a member of the
// public reports an error on a grant's page; Boverket's editor (an
// organisation account) finds it on the dashboard and answers it; the
// answer reaches the reporter through a real SMTP server on loopback
// (e2e/smtp_sink.py), read with Python's email package, its HTML audited
// with axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startSmtpSink, launchBrowser, axe, EDITOR_PASSWORD } from './helpers.mjs';

let sink, server, browser;
before(async () => {
  sink = await startSmtpSink();
  server = await startServer({
    users: [['bo', 'editor', 'boverket'], ['sko', 'editor', 'skolverket']],
    args: ['--smtp-url', sink.url, '--mail-poll-seconds', '1'],
  });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); server?.stop(); sink?.stop(); });

async function signIn(page, name) {
  await page.goto(server.base + '/redaktion/logga-in');
  await page.getByLabel('Användarnamn').fill(name);
  await page.getByLabel('Lösenord').fill(EDITOR_PASSWORD);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL('**/redaktion');
}

test('a member of the public reports an error and Boverket answers it, without JavaScript', async () => {
  const publicContext = await browser.newContext({ javaScriptEnabled: false });
  const page = await publicContext.newPage();
  await page.goto(server.base + '/bidrag/boverket-samlingslokaler');
  await page.getByRole('link', { name: 'Rapportera fel' }).click();
  assert.equal(await page.locator('h1').textContent(), 'Rapportera fel');
  assert.match(await page.locator('main').textContent(), /Det gäller: Stöd till allmänna samlingslokaler/);
  await page.getByLabel('Vad är fel?').fill('Sista ansökningsdag är 15 september i år.');
  await page.getByLabel('Källa (frivilligt)').fill('https://www.boverket.se/');
  await page.getByLabel('E-postadress (frivilligt)').fill('forening@example.se');
  // People take a few seconds; a form sent faster is not kept.
  await new Promise((r) => setTimeout(r, 3200));
  await page.getByRole('button', { name: 'Skicka' }).click();
  assert.equal(await page.locator('h1').textContent(), 'Tack för din rapport');

  // Skolverket's editor does not see it; Boverket's does.
  const editors = await browser.newContext({ javaScriptEnabled: false });
  const ed = await editors.newPage();
  await signIn(ed, 'sko');
  assert.match(await ed.locator('#reports').textContent(), /\(0\)/);
  await editors.clearCookies();
  await signIn(ed, 'bo');
  assert.match(await ed.locator('#reports').textContent(), /\(1\)/);
  await ed.getByRole('link', { name: 'Stöd till allmänna samlingslokaler med ungdomsverksamhet.' }).first().click();
  assert.equal(await ed.locator('h1').textContent(), 'Felrapport');
  assert.match(await ed.locator('main').textContent(), /15 september i år/);
  assert.doesNotMatch(await ed.locator('main').textContent(), /forening@example\.se/, 'the editor never sees the address');
  await ed.getByLabel('Rättat').check();
  await ed.getByLabel('Svar').fill('Tack! Vi har rättat datumet.');
  await ed.getByRole('button', { name: 'Besvara rapporten' }).click();
  assert.match(await ed.locator('.notice.ok').textContent(), /Felrapporten är besvarad/);
  assert.match(await ed.locator('#reports').textContent(), /\(0\)/);

  // The answer reaches the reporter.
  const answer = await sink.message(1);
  assert.equal(answer.headers.To, 'forening@example.se');
  assert.equal(answer.headers.Subject, 'Svar på din felrapport om Stöd till allmänna samlingslokaler med ungdomsverksamhet.');
  assert.match(answer.text, /Vi har rättat uppgiften\./);
  assert.match(answer.text, /Tack! Vi har rättat datumet\./);
  assert.doesNotMatch(answer.text, /15 september i år/, 'the reporter\'s own words are not mailed back');
  assert.deepEqual(answer.defects, []);
  const audit = await browser.newContext();
  const mail = await audit.newPage();
  await mail.setContent(answer.html);
  assert.deepEqual(await axe(mail), []);
  await audit.close();
  await editors.close();
  await publicContext.close();
});
