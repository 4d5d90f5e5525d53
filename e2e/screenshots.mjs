// Screenshots of the main pages and the editors' area, for docs/ and for
// looking at the pages: `scripts/screenshots` runs this. Not a test: it
// asserts nothing and writes files.
//
//   node screenshots.mjs                  every page below, into docs/screenshots/
//   node screenshots.mjs OUTDIR PATH...   these paths at 1280 and 375 px, into OUTDIR
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, root, EDITOR_PASSWORD } from './tests/helpers.mjs';

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

const WIDTHS = [[1280, 'desktop'], [375, 'phone']];
const GRANT = 'boverket-svag-bostadsmarknad';

const [outArg, ...paths] = process.argv.slice(2);
const out = outArg || join(root, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const server = await startServer({ users: [['redaktor', 'admin']] });
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const shoot = async (path, name, { full = true, widths = WIDTHS } = {}) => {
    for (const [width, suffix] of widths) {
      await page.setViewportSize({ width, height: 900 });
      if (path) await page.goto(server.base + path);
      await page.screenshot({ path: join(out, `${name}-${suffix}.png`), fullPage: full });
    }
  };
  if (paths.length) {
    for (const path of paths) await shoot(path, path.replace(/[^a-z0-9]+/gi, '_'));
  } else {
    for (const [name, path] of SHOTS) await shoot(path, name);
    // The editors' area: sign in, change a grant, and show its history.
    await page.goto(server.base + '/redaktion/logga-in');
    await page.getByLabel('Användarnamn').fill('redaktor');
    await page.getByLabel('Lösenord').fill(EDITOR_PASSWORD);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(server.base + '/redaktion');
    await page.goto(`${server.base}/redaktion/bidrag/${GRANT}`);
    await page.getByLabel('Titel').fill('Stöd till kommuner med stark bostadsmarknad');
    await page.getByLabel('Kommentar till ändringen', { exact: true }).fill('Enligt Boverkets webbplats');
    await page.getByRole('button', { name: 'Spara' }).click();
    const desktop = [WIDTHS[0]];
    await shoot(`/redaktion/bidrag/${GRANT}/historik`, 'editor-history', { widths: desktop });
    await shoot('/redaktion/inloggningar', 'editor-sign-ins');
    await shoot('/redaktion', 'editor-dashboard', { full: false, widths: desktop });
    await page.goto(server.base + '/redaktion/ny/bidrag');
    await page.locator('#f-id').fill('Fel Id');
    await page.getByRole('button', { name: 'Spara' }).click();
    await shoot(null, 'editor-form-errors', { full: false, widths: desktop });
  }
  await context.close();
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  server.stop();
}
