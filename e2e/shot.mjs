// Ad-hoc screenshots for looking at pages: node shot.mjs BASE OUTDIR path...
import { chromium } from 'playwright-core';
const [base, out, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
const ctx = await browser.newContext({ javaScriptEnabled: false });
const page = await ctx.newPage();
for (const p of paths) {
  for (const w of [1280, 375]) {
    await page.setViewportSize({ width: w, height: 900 });
    await page.goto(base + p);
    const name = p.replace(/[^a-z0-9]+/gi, '_') + '_' + w + '.png';
    await page.screenshot({ path: `${out}/${name}`, fullPage: true });
  }
}
await browser.close();
