// A new version reaches an open tab (issue 12): the portal team revises a policy and rebuilds
// the library's manifest; the open tab's service worker finds the new version, the app offers
// to reload, and after the reload the answers are as they were and the new version is shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ownDeployment, PRECHECK_BIN } from './helpers.mjs';

const site = ownDeployment('update');

test('a new library version is offered in the open tab, and the reload keeps the answers', async () => {
  const context = await site.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${site.url}#/policy/CPCT.MNG.ABECMA`);
  await page.waitForSelector('.verdict');
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15000 }).catch(async () => {
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  });
  await page.waitForSelector('.verdict');
  await page.check('input[name="q-diagnosis"][value="multiple_myeloma"]');
  assert.equal(await page.locator('#update').count(), 0, 'no notice while nothing changed');

  // The portal team's update: one policy revised, the manifest rebuilt.
  const file = join(site.dir, 'policies', 'abecma.json');
  const policy = JSON.parse(await readFile(file, 'utf8'));
  policy.title = `${policy.title} (revised)`;
  await writeFile(file, JSON.stringify(policy, null, 2));
  execFileSync(PRECHECK_BIN, ['library', 'build', join(site.dir, 'policies')]);

  // The tab checks for a new version when it is shown again; here, at once.
  await page.evaluate(async () => { await (await navigator.serviceWorker.getRegistration()).update(); });
  await page.waitForSelector('#update', { timeout: 15000 });
  assert.doesNotMatch(await page.locator('.policy-head h2').innerText(), /revised/, 'the open tab keeps its version until it reloads');
  await Promise.all([page.waitForEvent('load'), page.click('#update button')]);
  await page.waitForSelector('.verdict');
  await page.waitForFunction(() => document.querySelector('.policy-head h2')?.textContent.includes('(revised)'));
  assert.ok(await page.locator('input[name="q-diagnosis"][value="multiple_myeloma"]').isChecked(), 'the answers are as they were');
  assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'nothing is left stored');
  assert.deepEqual(errors, []);
  await context.close();
});
