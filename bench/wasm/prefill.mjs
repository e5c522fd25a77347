// The prefill through the npm package (issue 11), in WebAssembly under Node and in headless
// Chromium: records of 100, 10,000 and 100,000 resources, JSON text in, the tagged reply out.
// Build both packages first (bench/wasm/run.sh does), then:
//   node bench/wasm/prefill.mjs              # Node, then Chromium
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { serve } from '../../tests/journeys/server.mjs';
import { measurePrefill, line } from './prefill-records.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const require = createRequire(import.meta.url);
const p = require(process.env.PRECHECK_PKG ?? '../../target/pkg-node/precheck_wasm.js');

console.log(`## Prefill in Node ${process.version}`);
for (const r of measurePrefill(p, () => performance.now())) console.log(line(r));

if (!existsSync(join(root, 'target', 'pkg-web', 'precheck_wasm.js'))) {
  console.error('target/pkg-web is missing (bench/wasm/run.sh builds it): Chromium not measured');
  process.exit(0);
}
const server = await serve(root, 0);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  await page.goto(`http://127.0.0.1:${server.address().port}/bench/wasm/browser.html`);
  await page.waitForFunction(() => /^(ready|error)/.test(document.getElementById('status').textContent));
  const rows = await page.evaluate(() => window.runPrefill());
  console.log(`\n## Prefill in headless Chromium ${browser.version()}`);
  for (const r of rows) console.log(line(r));
} finally {
  await browser.close();
  server.close();
}
