// Starts the real `samverkan` binary on a fresh data directory and a random
// port, and launches Debian's Chromium through playwright-core (npm cannot
// download a browser here, and the project's scripts install chromium).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const EDITOR_PASSWORD = 'ett långt och hemligt lösenord';

export const bin = process.env.SAMVERKAN_BIN || join(root, 'target', 'debug', 'samverkan');

/** Starts `samverkan serve` with `args` besides its address, after creating
 * `users` ([name, role] or [name, role, organisation], with EDITOR_PASSWORD); resolves to
 * { base, stop, env } (`env` runs other commands on the same data). */
export async function startServer({ users = [], args = [] } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'samverkan-e2e-'));
  for (const [name, role, organisation] of users) {
    const extra = organisation ? ['--organisation', organisation] : [];
    execFileSync(bin, ['user', 'add', name, '--role', role, ...extra], {
      input: EDITOR_PASSWORD,
      env: { ...process.env, SAMVERKAN_DATA_DIR: dataDir, SAMVERKAN_DATABASE_URL: '', RUST_LOG: 'warn' },
    });
  }
  const env = { ...process.env, SAMVERKAN_DATA_DIR: dataDir, SAMVERKAN_DATABASE_URL: '', RUST_LOG: 'warn' };
  const child = spawn(bin, ['serve', '--addr', '127.0.0.1:0', ...args], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const base = await new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${seen}`)), 30000);
    child.stderr.on('data', (chunk) => {
      seen += chunk;
      const m = seen.match(/serves (http:\/\/[^/\s]+)\//);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => reject(new Error(`the server exited with ${code}: ${seen}`)));
  });
  return {
    base,
    env,
    stop() { child.kill(); rmSync(dataDir, { recursive: true, force: true }); },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
  });
}

/** Runs axe-core on the page for WCAG 2.1 A and AA; resolves to the violations. */
export async function axe(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
  }));
}

/** Every page type, in Swedish and English. */
export const PAGES = [
  ['/', '/en/'],
  ['/omraden/boende', '/en/areas/boende'],
  ['/aktorer', '/en/actors'],
  ['/aktorer/bra', '/en/actors/bra'],
  ['/bidrag', '/en/grants'],
  ['/bidrag?area=demokrati-och-civilsamhalle&applicant=ideell-forening', '/en/grants?area=demokrati-och-civilsamhalle&applicant=ideell-forening'],
  ['/bidrag/boverket-samlingslokaler', '/en/grants/boverket-samlingslokaler'],
  ['/bidrag/mucf-ungas-organisering', '/en/grants/mucf-ungas-organisering'],
  ['/kalender', '/en/calendar'],
  ['/overlapp', '/en/overlaps'],
  ['/om', '/en/about'],
  ['/oppna-data', '/en/open-data'],
  ['/api', '/en/api'],
  ['/bidrag?area=boende&applicant=kommun&within_days=30', '/en/grants?area=boende&applicant=kommun&within_days=30'],
  ['/sok?q=brottsoffer', '/en/search?q=brottsoffer'],
  ['/insatser/effektiv-samordning-for-trygghet', '/en/initiatives/effektiv-samordning-for-trygghet'],
  ['/finns-inte', '/en/not-here'],
  ['/bidrag?area=kultur', '/en/grants?area=kultur'],
  ['/bevaka?area=boende&applicant=kommun', '/en/alerts?grant=boverket-samlingslokaler'],
  ['/bevaka/mina', '/en/alerts/mine'],
  ['/bevaka/hantera?t=utgangen', '/en/alerts/confirm?t=expired'],
  ['/rapportera?kind=grant&id=boverket-samlingslokaler', '/en/report?kind=actor&id=boverket'],
].flat();

const python = process.env.SAMVERKAN_PYTHON || join(root, 'e2e', '.venv', 'bin', 'python');

/** Starts a real SMTP server on loopback (e2e/smtp_sink.py, aiosmtpd) that
 * keeps each accepted message as a file; resolves to { url, files, message,
 * stop }: `message(n)` waits for the nth message and resolves to it as
 * Python's email package reads it (e2e/mailparse.py). */
export async function startSmtpSink() {
  const dir = mkdtempSync(join(tmpdir(), 'samverkan-smtp-'));
  const child = spawn(python, [join(root, 'e2e', 'smtp_sink.py'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const end = seen.indexOf('\n');
      if (end >= 0) resolve(seen.slice(0, end));
    });
    child.on('exit', (code) => reject(new Error(`the SMTP server exited with ${code}`)));
  });
  const files = () => readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
  return {
    url: `smtp://127.0.0.1:${line.match(/listening on (\d+)/)[1]}`,
    files,
    async message(n) {
      for (let i = 0; i < 300 && files().length < n; i++) await new Promise((r) => setTimeout(r, 100));
      const all = files();
      if (all.length < n) throw new Error(`${all.length} message(s) arrived, not ${n}`);
      return JSON.parse(execFileSync(python, [join(root, 'e2e', 'mailparse.py'), join(dir, all[n - 1])], { encoding: 'utf8' }));
    },
    stop() { child.kill(); rmSync(dir, { recursive: true, force: true }); },
  };
}
