// The run-time policy library (issue 12), as a portal team updates it with Node alone: one
// policy file is revised in a copy of dist/, the manifest is rebuilt with the npm package's
// command (`npx precheck-library build`), and the app shows the new version; a file changed
// after the build is refused with a message naming it, while every other policy works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, rm } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { root, ownDeployment } from './helpers.mjs';

const site = ownDeployment('library');
const PKG = process.env.PRECHECK_PKG_DIR ?? join(root, 'target', 'pkg-node');

const npx = (...args) => execFileSync('npx', ['--yes', '--offline', `--package=${PKG}`, 'precheck-library', ...args],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

async function openApp() {
  const context = await site.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(site.url);
  await page.waitForSelector('#policy-search');
  return { context, page, errors };
}

async function pick(page, code, id) {
  await page.fill('#policy-search', code);
  await page.click(`button.policy-card[data-policy="${id}"]`);
}

test('a revised policy file, its manifest rebuilt with npx, shows in the app; a tampered one is refused', async () => {
  const file = join(site.dir, 'policies', 'abecma.json');
  const policy = JSON.parse(await readFile(file, 'utf8'));
  policy.last_review = '2026-11';
  policy.title = `${policy.title} (revised)`;
  await writeFile(file, JSON.stringify(policy, null, 2));
  // A broken file stops the build with its location, and nothing is written.
  const manifestBefore = await readFile(join(site.dir, 'policies', 'manifest.json'), 'utf8');
  await writeFile(join(site.dir, 'policies', 'draft.json'), '{"id": "X.1"');
  assert.throws(() => npx('build', join(site.dir, 'policies')), (e) => /draft\.json: /.test(e.stderr) && /nothing written/.test(e.stderr));
  assert.equal(await readFile(join(site.dir, 'policies', 'manifest.json'), 'utf8'), manifestBefore);
  await rm(join(site.dir, 'policies', 'draft.json'));
  const said = npx('build', join(site.dir, 'policies'));
  assert.match(said, /5 policies in manifest\.json; service worker version [0-9a-f]+-library\.[0-9a-f]+/);
  const manifest = JSON.parse(await readFile(join(site.dir, 'policies', 'manifest.json'), 'utf8'));
  assert.equal(manifest.policies.find((p) => p.id === 'CPCT.MNG.ABECMA').last_review, '2026-11');

  // Changed after the build: its hash no longer matches.
  const carvykti = join(site.dir, 'policies', 'carvykti.json');
  await writeFile(carvykti, (await readFile(carvykti, 'utf8')).replace('"last_review": "', '"last_review": "1'));

  const { context, page, errors } = await openApp();
  await pick(page, 'Q2055', 'CPCT.MNG.ABECMA');
  await page.waitForSelector('.verdict');
  assert.match(await page.locator('.policy-head h2').innerText(), /\(revised\)/);
  assert.match(await page.locator('.policy-head .policy-meta').innerText(), /last reviewed 2026-11/);
  await page.click('text=Choose another policy');
  await pick(page, 'Q2056', 'CP.PHAR.533');
  await page.waitForSelector('[role="alert"]');
  assert.match(await page.locator('[role="alert"]').innerText(), /policies\/carvykti\.json is not the file the library's manifest lists/);
  await page.click('text=Choose another policy');
  await pick(page, 'J3590', 'CP.PHAR.244');
  await page.waitForSelector('.verdict');
  assert.deepEqual(errors, []);
  await context.close();
});
