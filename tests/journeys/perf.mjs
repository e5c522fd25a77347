// Browser timings (a benchmark, not a test): cold load to interactive, keystroke to repainted
// verdict (p50 and p95 over 200 inputs) on the largest policy, and on the authoring page, an
// edit of that policy's file to its check redrawn, in Debian's Chromium.
// Usage: node perf.mjs  (after trunk build --release); writes ../../target/bench/browser.json
import { chromium } from 'playwright-core';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };

const server = await serve(join(root, 'dist'));
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: FLAGS });

// Cold load: a new profile each time (no HTTP cache, no service worker), until the policy
// search box is rendered by the app, measured from navigation start.
const loads = [];
for (let i = 0; i < 15; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  const t = await page.waitForFunction(() => document.getElementById('policy-search') && performance.now());
  loads.push(await t.jsonValue());
  await context.close();
}

// Keystroke to verdict: the largest policy (most questions and criteria), a full answer set,
// then 200 edits of a number field; each is timed from the input event to the first animation
// frame after the app re-rendered (the frame that paints the new verdict).
const cases = JSON.parse(await readFile(join(root, 'tests', 'cases', 'kineret.json'), 'utf8')).cases;
const full = cases.filter((c) => c.outcome === 'meets').sort((a, b) => Object.keys(b.answers).length - Object.keys(a.answers).length)[0];
const context = await browser.newContext();
const page = await context.newPage();
await page.goto(url);
await page.fill('#policy-search', 'J3590');
await page.click('button.policy-card');
const file = { policy: 'CP.PHAR.244', as_of: full.as_of, answers: full.answers };
await page.setInputFiles('#import', { name: 'a.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
await page.waitForFunction(() => document.querySelector('.notice')?.textContent.includes('Answers loaded'));
const field = await page.evaluate(() => {
  const input = [...document.querySelectorAll('fieldset.question:not([hidden]) input[inputmode="decimal"]')][0];
  return input?.id;
});
const keystrokes = await page.evaluate(async (id) => {
  const input = document.getElementById(id);
  const base = input.value;
  const verdict = document.querySelector('.verdict');
  const frame = () => new Promise((ok) => requestAnimationFrame(() => ok(performance.now())));
  const times = [];
  for (let i = 0; i < 200; i++) {
    input.focus();
    input.value = i % 2 === 0 ? `${base}1` : base;
    const changed = new Promise((ok) => { const o = new MutationObserver(() => { o.disconnect(); ok(performance.now()); }); o.observe(verdict, { subtree: true, childList: true, characterData: true, attributes: true }); setTimeout(() => { o.disconnect(); ok(performance.now()); }, 200); });
    const t0 = performance.now();
    input.dispatchEvent(new InputEvent('input', { bubbles: true }));
    const rendered = await changed;
    const painted = await frame();
    times.push([rendered - t0, painted - t0]);
  }
  return times;
}, field);

// Authoring page, edit to checked: the largest policy from the library (so also the earlier
// version) with its case file, then 30 edits of a criterion's label in the editor; each edit
// re-checks the file, runs every case under it and under the earlier version, and redraws the
// outline and the form. Timed from the input event to the first animation frame after the page
// changed.
const authoring = await browser.newContext();
const author = await authoring.newPage();
await author.goto(`${url}author/`);
await author.waitForSelector('#policy-text');
await author.click('text=Start from a library policy');
await author.waitForSelector('#library-policy');
await author.selectOption('#library-policy', 'kineret.json');
await author.click('text=Open the chosen policy');
await author.waitForFunction(() => document.querySelector('#author-status').textContent.startsWith('Valid'));
const kineretCases = await readFile(join(root, 'tests', 'cases', 'kineret.json'), 'utf8');
await author.setInputFiles('#open-cases', { name: 'kineret.json', mimeType: 'application/json', buffer: Buffer.from(kineretCases) });
await author.waitForSelector('#revision-summary');
const edits = await author.evaluate(async () => {
  const editor = document.getElementById('policy-text');
  const check = document.getElementById('main');
  const base = editor.value;
  // A criterion's label (the outline shows it), not a code's or a drug's.
  const label = base.match(/"id": "I\.A\.1",\s*"label": "([^"]+)"/)[1];
  const frame = () => new Promise((ok) => requestAnimationFrame(() => ok(performance.now())));
  const times = [];
  for (let i = 0; i < 30; i++) {
    editor.value = i % 2 === 0 ? base.replace(label, `${label}.`) : base;
    const changed = new Promise((ok) => { const o = new MutationObserver(() => { o.disconnect(); ok(); }); o.observe(check, { subtree: true, childList: true, characterData: true }); setTimeout(() => { o.disconnect(); ok(); }, 5000); });
    const t0 = performance.now();
    editor.dispatchEvent(new InputEvent('input', { bubbles: true }));
    await changed;
    times.push((await frame()) - t0);
  }
  return times;
});
// A keystroke in the editor while the form is open, to the next frame (the check is left to the
// pause after typing), beside the same edit of a plain textarea holding the same text that no
// code listens to: the difference is the page's own work, the rest Chromium's layout of the text.
const typing = await author.evaluate(async () => {
  const frame = () => new Promise((ok) => requestAnimationFrame(() => ok(performance.now())));
  const run = async (area, listened) => {
    const times = [];
    for (let i = 0; i < 40; i++) {
      area.value += ' ';
      const t0 = performance.now();
      if (listened) area.dispatchEvent(new InputEvent('input', { bubbles: true }));
      times.push((await frame()) - t0);
    }
    return times;
  };
  const editor = document.getElementById('policy-text');
  const plain = document.createElement('textarea');
  plain.value = editor.value;
  editor.parentElement.appendChild(plain);
  return { page: await run(editor, true), plain: await run(plain, false) };
});
const caseCount = JSON.parse(kineretCases).cases.length;
await browser.close();
server.close();

const result = {
  date: new Date().toISOString().slice(0, 10),
  chromium: browser.version(),
  cold_load_ms: { runs: loads.length, p50: pct(loads, 50), min: Math.min(...loads), max: Math.max(...loads) },
  keystroke_to_verdict_ms: {
    policy: 'CP.PHAR.244', field, inputs: keystrokes.length,
    // Input event to the verdict's DOM updated (the app's own work).
    rendered: { p50: pct(keystrokes.map((t) => t[0]), 50), p95: pct(keystrokes.map((t) => t[0]), 95) },
    // Input event to the next animation frame after that (includes waiting for the frame).
    next_frame: { p50: pct(keystrokes.map((t) => t[1]), 50), p95: pct(keystrokes.map((t) => t[1]), 95) },
  },
  authoring_edit_to_checked_ms: {
    policy: 'CP.PHAR.244', cases: caseCount, earlier_version: true, edits: edits.length,
    p50: pct(edits, 50), p95: pct(edits, 95),
  },
  authoring_keystroke_ms: {
    policy: 'CP.PHAR.244', inputs: typing.page.length,
    page: { p50: pct(typing.page, 50), p95: pct(typing.page, 95) },
    plain_textarea: { p50: pct(typing.plain, 50), p95: pct(typing.plain, 95) },
  },
};
await mkdir(join(root, 'target', 'bench'), { recursive: true });
await writeFile(join(root, 'target', 'bench', 'browser.json'), JSON.stringify(result, null, 2));
console.log(JSON.stringify(result, null, 2));
