// The main journeys, walked in Chromium with JavaScript on and off: the site
// needs none, so both must work the same.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, launchBrowser } from './helpers.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';

  test(`an ideell förening finds grants in demokrati och civilsamhälle and adds one to a calendar, ${mode}`, async () => {
    const context = await browser.newContext({ javaScriptEnabled, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(server.base + '/');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Bidrag' }).click();
    await assert.doesNotReject(page.waitForURL('**/bidrag'));
    await page.getByLabel('Demokrati och civilsamhälle').check();
    await page.getByLabel('Vem söker?').selectOption({ label: 'Ideell förening' });
    await page.getByRole('button', { name: 'Visa bidrag' }).click();
    await page.waitForURL(/area=demokrati-och-civilsamhalle/);
    assert.match(page.url(), /applicant=ideell-forening/);
    assert.equal(await page.locator('h2#results').textContent(), '3 bidrag');
    await page.getByRole('link', { name: 'Stöd till ungas organisering (civilsamhällesorganisationer)' }).click();
    assert.equal(await page.locator('h1').textContent(), 'Stöd till ungas organisering (civilsamhällesorganisationer)');
    assert.match(await page.locator('.notice.passed').textContent(), /har passerat/);
    // A day that has passed is not offered as a reminder.
    assert.equal(await page.getByRole('link', { name: 'Lägg till i kalendern' }).count(), 0);
    // A grant with a day still to come is.
    await page.goto(server.base + '/bidrag/brottsoffermyndigheten-projekt');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Lägg till i kalendern' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'brottsoffermyndigheten-projekt.ics');
    const ics = readFileSync(await download.path(), 'utf8');
    assert.match(ics, /BEGIN:VCALENDAR/);
    assert.match(ics, /RRULE:FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=1/);
    assert.match(ics, /TRIGGER:-P14D/);
    await page.goBack();
    // Back to the results: the URL carries the filters, so the form is as it was.
    await page.goBack();
    assert.equal(await page.getByLabel('Demokrati och civilsamhälle').isChecked(), true);
    assert.equal(await page.getByLabel('Vem söker?').inputValue(), 'ideell-forening');
    await context.close();
  });

  test(`a municipal official finds who is responsible for boende and who else works there, ${mode}`, async () => {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(server.base + '/');
    await page.getByRole('link', { name: /^Boende/ }).click();
    assert.equal(await page.locator('h1').textContent(), 'Boende');
    const responsible = page.getByRole('region', { name: 'Nationellt ansvar' });
    assert.deepEqual(await responsible.getByRole('listitem').allTextContents(), ['Boverket']);
    const contributing = await page.getByRole('region', { name: 'Medverkar i området' }).getByRole('listitem').allTextContents();
    assert.deepEqual(contributing, ['Länsstyrelserna', 'Socialstyrelsen']);
    await responsible.getByRole('link', { name: 'Boverket' }).click();
    assert.equal(await page.locator('h1').textContent(), 'Boverket');
    const others = await page.getByRole('region', { name: 'Andra som arbetar inom samma områden' }).getByRole('link').allTextContents();
    assert.ok(others.includes('Länsstyrelserna') && others.includes('Socialstyrelsen'), others.join(', '));
    // The same page in English, through the language switch.
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL('**/en/actors/boverket');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await context.close();
  });
}

test('the keyboard alone reaches the content through the skip link, with visible focus', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.base + '/bidrag');
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return { text: el.textContent, top: el.getBoundingClientRect().top, outline: style.outlineStyle };
  });
  assert.equal(skip.text, 'Hoppa till innehållet');
  assert.ok(skip.top >= 0, 'the skip link is visible when focused');
  assert.notEqual(skip.outline, 'none');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  // From the content, Tab reaches the first filter.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'grants-q');
  await context.close();
});
