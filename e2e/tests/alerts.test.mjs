// E-mail alerts, walked in Chromium without JavaScript against a real SMTP
// server on loopback (e2e/smtp_sink.py, aiosmtpd); each message read with
// Python's email package (e2e/mailparse.py) and its HTML part audited with
// axe-core. The failure, crash and multi-instance cases are in
// e2e/test_alerts.py.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, startSmtpSink, launchBrowser, axe, bin } from './helpers.mjs';

let sink, smtpUrl, server, browser;

before(async () => {
  sink = await startSmtpSink();
  smtpUrl = sink.url;
  server = await startServer({ args: ['--smtp-url', smtpUrl, '--mail-poll-seconds', '1'] });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.stop();
  sink?.stop();
});

const files = () => sink.files();
const message = (n) => sink.message(n);

/** Runs `samverkan alerts send --on DAY` on the server's data, as cron would. */
function sendOn(day) {
  return execFileSync(bin, ['alerts', 'send', '--on', day, '--smtp-url', smtpUrl, '--public-url', server.base],
    { env: { ...server.env, RUST_LOG: 'warn' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

/** axe-core on a message's HTML part, as a mail program shows it (in a
 * context of its own: axe needs JavaScript, the journeys run without). */
async function auditHtml(html) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.setContent(html);
  const violations = await axe(page);
  await context.close();
  return violations;
}

test('an association asks for e-mail reminders of a deadline, confirms, is reminded and leaves in one click, without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(server.base + '/bidrag/boverket-samlingslokaler');
  await page.getByRole('link', { name: 'Få påminnelse via e-post före sista ansökningsdag' }).click();
  assert.equal(await page.locator('h1').textContent(), 'Bevaka bidrag');
  assert.match(await page.locator('.alert-follows').textContent(), /Stöd till allmänna samlingslokaler/);
  // Leaving the address out says what is wrong, next to the field.
  await page.getByRole('button', { name: 'Bevaka' }).click();
  assert.match(await page.locator('.error-summary').textContent(), /Skriv din e-postadress/);
  await page.getByLabel('E-postadress').fill('forening@example.se');
  assert.ok(await page.getByLabel('14 dagar före').isChecked());
  assert.ok(await page.getByLabel('3 dagar före').isChecked());
  await page.getByRole('button', { name: 'Bevaka' }).click();
  assert.equal(await page.locator('h1').textContent(), 'Kolla din e-post');

  // The confirmation: the only message before the link is followed.
  const confirmation = await message(1);
  assert.equal(confirmation.headers.To, 'forening@example.se');
  assert.equal(confirmation.headers.Subject, 'Bekräfta din bevakning på Samverkan');
  assert.equal(confirmation.content_type, 'multipart/alternative');
  assert.deepEqual(confirmation.defects, []);
  assert.match(confirmation.headers['Message-ID'], /^<[0-9a-f]{32}@127\.0\.0\.1>$/);
  assert.ok(confirmation.headers.Date);
  assert.deepEqual(await auditHtml(confirmation.html), []);
  const link = confirmation.text.match(/(http:\/\/\S+\/bevaka\/bekrafta\?t=\S+)/)[1];
  await page.goto(link);
  await page.getByRole('button', { name: 'Starta bevakningen' }).click();
  assert.equal(await page.locator('h1').textContent(), 'Bevakningen är startad');

  // Three days before the deadline (31 August 2027), the reminder comes.
  assert.match(sendOn('2027-08-28'), /Planned 1 new message/);
  const reminder = await message(2);
  assert.equal(reminder.headers.To, 'forening@example.se');
  assert.match(reminder.headers.Subject, /^Påminnelse: sista ansökningsdag om 3 dagar för Stöd till allmänna samlingslokaler/);
  assert.match(reminder.text, /Ges av: Boverket/);
  assert.match(reminder.text, /Sista ansökningsdag: 31 augusti 2027 \(om 3 dagar\)/);
  assert.match(reminder.text, /beräknat: samma dag som tidigare år. Kontrollera hos Boverket/, 'the date is the yearly one carried forward, and says so');
  assert.match(reminder.text, /\/bidrag\/boverket-samlingslokaler\/kalender\.ics/);
  assert.match(reminder.headers['List-Id'], /<bevakningar\.127\.0\.0\.1>/);
  assert.equal(reminder.headers['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
  assert.deepEqual(await auditHtml(reminder.html), []);

  // The management page, from the message's own link, lists what was sent.
  const manage = reminder.text.match(/(http:\/\/\S+\/bevaka\/hantera\?t=\S+)/)[1];
  await page.goto(manage);
  assert.equal(await page.locator('h1').textContent(), 'Dina bevakningar');
  assert.match(await page.locator('main').textContent(), /Påminnelse: sista ansökningsdag om 3 dagar/);

  // A mail program leaves by RFC 8058's one-click POST.
  const unsubscribe = reminder.headers['List-Unsubscribe'].match(/^<(.+)>$/)[1];
  const left = await fetch(unsubscribe, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  assert.equal(left.status, 200);
  // Nothing more arrives, even on the deadline's eve.
  assert.match(sendOn('2027-08-30'), /Planned 0 new message/);
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(files().length, 2);
  await page.goto(manage);
  assert.equal(await page.locator('h1').textContent(), 'Länken gäller inte längre');
  await context.close();
});

test('an English reader follows a filtered finder weekly and gets the confirmation in English, at 375 px', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 800 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(server.base + '/en/grants?area=boende&applicant=kommun');
  await page.getByRole('link', { name: 'Get e-mail alerts for these grants' }).click();
  assert.equal(await page.locator('h1').textContent(), 'Grant alerts');
  const follows = await page.locator('.alert-follows').textContent();
  assert.match(follows, /Area: Housing/);
  assert.match(follows, /Who can apply: Municipality/);
  assert.ok(await page.getByLabel('Every week (when something happened)').isChecked());
  assert.ok(await page.getByLabel('English').isChecked());
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), 'no sideways scrolling');
  await page.getByLabel('E-mail address').fill('official@kommun.example');
  const before = files().length;
  await page.getByRole('button', { name: 'Get alerts' }).click();
  assert.equal(await page.locator('h1').textContent(), 'Check your e-mail');
  const confirmation = await message(before + 1);
  assert.equal(confirmation.headers.To, 'official@kommun.example');
  assert.equal(confirmation.headers.Subject, 'Confirm your alerts on Samverkan');
  assert.match(confirmation.text, /Area: Housing/);
  assert.match(confirmation.text, /\/en\/alerts\/confirm\?t=/);
  assert.match(confirmation.html, /<html lang="en">/);
  assert.deepEqual(await auditHtml(confirmation.html), []);
  await context.close();
});
