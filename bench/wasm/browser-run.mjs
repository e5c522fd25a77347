// Runs the benchmark in headless Chromium (Debian's /usr/bin/chromium through playwright-core):
// serves the repository root with the journeys' static server, opens browser.html, passes the
// answer sets in and prints the same table as node.mjs. Build first: bench/wasm/run.sh.
//
//   node bench/wasm/browser-run.mjs     # table on stdout, JSON in target/bench/wasm-chromium.json
import { readFileSync, readdirSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { serve } from '../../tests/journeys/server.mjs';
import { DEFAULTS, answerSets, table, widestSpread } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
if (!existsSync(join(root, 'target', 'pkg-web', 'precheck_wasm.js'))) {
  console.error('error: target/pkg-web is missing; build it with bench/wasm/run.sh');
  process.exit(2);
}

const casesDir = join(root, 'tests', 'cases');
const sets = readdirSync(casesDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .flatMap((f) => answerSets(JSON.parse(readFileSync(join(casesDir, f), 'utf8'))));
const opts = {
  samples: Number(process.env.BENCH_SAMPLES ?? DEFAULTS.samples),
  batchMs: Number(process.env.BENCH_BATCH_MS ?? DEFAULTS.batchMs),
  warmupMs: Number(process.env.BENCH_WARMUP_MS ?? DEFAULTS.warmupMs),
};

const server = await serve(root, 0);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
let code = 0;
try {
  const page = await browser.newPage();
  page.on('console', (m) => console.error(`[page] ${m.text()}`));
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  await page.goto(`http://127.0.0.1:${server.address().port}/bench/wasm/browser.html`);
  await page.waitForFunction(() => /^(ready|error)/.test(document.getElementById('status').textContent));
  const state = await page.textContent('#status');
  if (state !== 'ready') throw new Error(`the page did not load: ${state}`);
  const out = await page.evaluate(({ sets, opts }) => window.runBench(sets, opts), { sets, opts });
  const result = { runtime: `chromium ${browser.version()}`, userAgent: out.userAgent, options: opts, rows: out.rows, sink: out.sink };
  console.log(`## Precheck (WebAssembly) vs json-logic-js — headless ${result.runtime}\n`);
  console.log('Median µs per evaluation (lower is better); ratio = ours / json-logic-js.');
  console.log(`performance.now() resolution: ${out.crossOriginIsolated ? '5 µs' : '100 µs'} (batches of ~${opts.batchMs} ms).\n`);
  console.log(table(out.rows));
  console.log(`\n${out.rows.length} sets, ${opts.samples} samples each; ${widestSpread(out.rows)}.`);
  const file = join(root, 'target', 'bench', 'wasm-chromium.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  console.log(`\nJSON results: ${file}`);
} catch (e) {
  console.error(`error: ${e.message}`);
  code = 1;
} finally {
  await browser.close();
  server.close();
}
process.exit(code);
