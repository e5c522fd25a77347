// Shared by the journey files: the static server, Chromium, and the steps every journey takes.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, mkdir, mkdtemp, cp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
export const artifacts = join(here, 'artifacts');
const require = createRequire(import.meta.url);
export const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const AS_OF = '2026-11-22';

let server;
export const env = { browser: null, url: null };

/** Serves dist/ and starts Chromium for the test file that calls it. */
export function setup() {
  before(async () => {
    server = await serve(join(root, 'dist'));
    env.url = `http://127.0.0.1:${server.address().port}/`;
    env.browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    await mkdir(artifacts, { recursive: true });
  });
  after(async () => {
    await env.browser?.close();
    server?.close();
  });
}

/** The CLI the deployment journeys run (`precheck deploy`, `precheck library build`). */
export const PRECHECK_BIN = process.env.PRECHECK_BIN ?? join(root, 'target', 'debug', 'precheck');

/**
 * A copy of dist/ of the journey's own, served, and a Chromium: for a journey that changes the
 * deployment (its configuration, its library) as a portal team would. The fields are filled
 * before the tests run; `prepare(site)` then runs in the same hook, so that it sees them, and
 * the servers it returns are closed after the tests.
 */
export function ownDeployment(name, prepare = async () => null) {
  let extra = null;
  const site = { dir: null, server: null, url: null, origin: null, browser: null };
  before(async () => {
    site.dir = await mkdtemp(join(tmpdir(), `precheck-${name}-`));
    await cp(join(root, 'dist'), site.dir, { recursive: true });
    site.server = await serve(site.dir);
    site.origin = `http://127.0.0.1:${site.server.address().port}`;
    site.url = `${site.origin}/`;
    site.browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    extra = await prepare(site);
  });
  after(async () => {
    for (const s of [extra ?? []].flat()) s?.close();
    await site.browser?.close();
    site.server?.close();
    if (site.dir) await rm(site.dir, { recursive: true, force: true });
  });
  return site;
}

/** A fresh page with no stored state; fails the test on any page error. */
export async function open(options = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(env.url);
  await page.waitForSelector('#policy-search');
  return { context, page, errors };
}

export async function pickByCode(page, code, policyId) {
  await page.fill('#policy-search', code);
  const card = page.locator(`button.policy-card[data-policy="${policyId}"]`);
  await card.waitFor();
  assert.match(await card.innerText(), new RegExp(code, 'i'), `the card shows the ${code} look-up`);
  await card.click();
  await page.waitForSelector('.verdict');
}

export async function outcome(page) {
  return page.locator('.verdict-status [data-outcome]').getAttribute('data-outcome');
}

export async function importAnswers(page, policy, c) {
  const file = { policy, as_of: c.as_of, line_of_business: c.line_of_business ?? null, answers: c.answers };
  await page.setInputFiles('#import', { name: 'answers.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await page.waitForFunction(() => document.querySelector('.notice')?.textContent.includes('Answers loaded'));
}

export async function choose(page, question, value) {
  await page.check(`input[name="q-${question}"][value="${value}"]`);
}

export async function corpus() {
  const dir = join(root, 'tests', 'cases');
  const out = {};
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.json'))) {
    const file = JSON.parse(await readFile(join(dir, name), 'utf8'));
    out[file.policy] = file.cases;
  }
  return out;
}

export const POLICIES = [
  { id: 'CP.PHAR.533', code: 'Q2056' },
  { id: 'CP.PHAR.244', code: 'J3590' },
  { id: 'CP.MP.173', code: '62362' },
  { id: 'MC.CP.MP.31', code: '19318' },
  { id: 'CPCT.MNG.ABECMA', code: 'Q2055' },
];

export async function policyLobs() {
  const dir = join(root, 'crates', 'policies', 'data');
  const out = {};
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.json'))) {
    const p = JSON.parse(await readFile(join(dir, name), 'utf8'));
    out[p.id] = p.lines_of_business;
  }
  return out;
}

