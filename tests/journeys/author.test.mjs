// The authoring page (issue 14, its first part): a policy file written in the browser, its
// problems located and reached by keyboard, its criteria listed in the policy's numbering, its
// cases run with the one that fails and why, its copies of the source document found, and the
// file downloaded; nothing leaves the device, and axe-core finds nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setup, env, root, axeSource } from './helpers.mjs';

setup();

const policyText = await readFile(join(root, 'crates', 'policies', 'data', 'abecma.json'), 'utf8');
const cases = JSON.parse(await readFile(join(root, 'tests', 'cases', 'abecma.json'), 'utf8'));

test('a broken file is located, fixed, checked against its cases and the document, and downloaded; no request leaves', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: false, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const origin = new URL(env.url).origin;
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${env.url}author/`);
  await page.waitForSelector('#policy-text');
  assert.ok(requests.every((u) => u.startsWith(origin)), `only the page's own files: ${requests.filter((u) => !u.startsWith(origin))}`);
  assert.equal(await page.locator('#author-status').innerText(), 'Paste a policy file, or open one.');
  requests.length = 0;

  // A reference to a question that does not exist: one problem, at its line.
  const reference = '{"question": "myeloma_status", "values": ["progressed"]}';
  const broken = policyText.replace(reference, '{"question": "no_such_question", "values": ["progressed"]}');
  await page.fill('#policy-text', broken);
  await page.waitForFunction(() => /problem/.test(document.querySelector('#author-status').textContent));
  const line = broken.slice(0, broken.indexOf('no_such_question')).split('\n').length;
  const problem = page.locator('.problems button').first();
  assert.match(await problem.innerText(), new RegExp(`^Line ${line}, column \\d+: sections\\[0\\]\\..*no_such_question`));
  // By keyboard: to the problem, Enter, and the cursor is on its line in the file.
  await problem.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'policy-text');
  const cursorLine = await page.evaluate(() => {
    const t = document.querySelector('#policy-text');
    return t.value.slice(0, t.selectionStart).split('\n').length;
  });
  assert.equal(cursorLine, line, 'the cursor is at the problem');

  // Fixed: valid, and the criteria in the policy's numbering.
  await page.fill('#policy-text', policyText);
  await page.waitForFunction(() => document.querySelector('#author-status').textContent.startsWith('Valid'));
  assert.match(await page.locator('#author-status').innerText(), /^Valid: CPCT\.MNG\.ABECMA \(7 questions, 17 criteria\)\.$/);
  const ids = await page.locator('.outline .criterion-id').allInnerTexts();
  assert.deepEqual(ids.slice(0, 4), ['A', 'A.1', 'A.1-age', 'A.1-rrmm']);

  // The cases, one of them changed to expect what the policy does not say: it fails, with why.
  const changed = structuredClone(cases);
  const meets = changed.cases.findIndex((c) => c.outcome === 'meets');
  changed.cases[meets].outcome = 'does_not_meet';
  await page.setInputFiles('#open-cases', { name: 'abecma-cases.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(changed)) });
  await page.waitForSelector('.cases');
  assert.equal(await page.locator('h3', { hasText: 'Cases:' }).innerText(), `Cases: ${changed.cases.length - 1} of ${changed.cases.length} pass (abecma-cases.json)`);
  const failing = page.locator('.case.fail');
  assert.equal(await failing.count(), 1);
  assert.match(await failing.innerText(), /outcome: expected does_not_meet, got meets/);
  assert.match(await page.locator('.author-check').innerText(), /17 of 17 criteria seen failing/);

  // The document, with one of the file's labels word for word: found, with its place.
  const label = 'Indications other than the one above are experimental or investigational and not medically necessary';
  await page.setInputFiles('#open-source', { name: 'abecma.txt', mimeType: 'text/plain', buffer: Buffer.from(`Preamble.\n\n3. ${label}.\n`) });
  await page.waitForSelector('.copies');
  assert.match(await page.locator('.copies').innerText(), /sections\[1\]\.criteria\.label repeats 14 words/);
  // Beside that criterion, the document's passage it comes from.
  const row = page.locator('.outline li', { has: page.locator('.criterion-id', { hasText: /^L\.3$/ }) });
  await row.locator('details summary').click();
  assert.equal(await row.locator('details summary').innerText(), 'The document, line 3');
  assert.match(await row.locator('details p').innerText(), /^3\. Indications other than the one above/);

  // The file, downloaded as it is in the editor.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Download the policy file')]);
  assert.equal(download.suggestedFilename(), 'CPCT.MNG.ABECMA.json');
  const saved = await readFile(await download.path(), 'utf8');
  assert.equal(saved, policyText);

  assert.deepEqual(requests.filter((u) => !u.startsWith('blob:')), [], 'nothing was requested while working');
  assert.deepEqual(errors, []);
  await page.screenshot({ path: 'artifacts/author.png', fullPage: true });
  await context.close();
});

test('axe-core reports no WCAG 2.1 AA violation on the authoring page', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${env.url}author/`);
  await page.waitForSelector('#policy-text');
  await page.fill('#policy-text', policyText.replace('"yes_no"', '"yes_or_no"'));
  await page.waitForSelector('.problems');
  await page.addScriptTag({ content: axeSource });
  let result = await page.evaluate(async () => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  assert.deepEqual(result.violations.map((v) => v.id), [], 'with a problem shown');
  await page.fill('#policy-text', policyText);
  await page.setInputFiles('#open-cases', { name: 'c.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(cases)) });
  await page.waitForSelector('.cases');
  result = await page.evaluate(async () => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3)}`), [], 'with the outline and the cases');
  await context.close();
});

test('with the app installed, the authoring page is still itself, and works offline once opened', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(env.url);
  await page.waitForSelector('#policy-search');
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15000 }).catch(async () => {
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  });
  // The app's service worker did not fetch the authoring page when it installed.
  const cachedBefore = await page.evaluate(async () => {
    const keys = await caches.keys();
    const cache = await caches.open(keys.find((k) => k.startsWith('precheck-')));
    return (await cache.keys()).map((r) => r.url).filter((u) => u.includes('/author/'));
  });
  assert.deepEqual(cachedBefore, [], 'clinicians never download the authoring page');
  await page.goto(`${env.url}author/`);
  await page.waitForSelector('#policy-text');
  assert.equal(await page.title(), 'Precheck: write a policy');
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('#policy-text');
  await page.fill('#policy-text', policyText);
  await page.waitForFunction(() => document.querySelector('#author-status').textContent.startsWith('Valid'));
  await context.close();
});

test('each shipped policy opens from the library with all its cases passing', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${env.url}author/`);
  await page.waitForSelector('#policy-text');
  await page.click('text=Start from a library policy');
  await page.waitForSelector('#library-policy');
  const files = await page.locator('#library-policy option').evaluateAll((os) => os.map((o) => o.value));
  assert.equal(files.length, 5);
  for (const file of files) {
    await page.selectOption('#library-policy', file);
    await page.getByRole('button', { name: 'Open the chosen policy' }).click();
    await page.waitForFunction((f) => document.querySelector('.notice')?.textContent === `${f} opened from the library.`, file);
    await page.waitForFunction(() => document.querySelector('#author-status').textContent.startsWith('Valid'));
    const cases = await readFile(join(root, 'tests', 'cases', file), 'utf8');
    const n = JSON.parse(cases).cases.length;
    await page.setInputFiles('#open-cases', { name: file, mimeType: 'application/json', buffer: Buffer.from(cases) });
    await page.waitForFunction((want) => document.querySelector('.author-check h3')?.textContent === want, `Cases: ${n} of ${n} pass (${file})`);
    assert.equal(await page.locator('.case.fail').count(), 0, file);
  }
  assert.deepEqual(errors, []);
  await context.close();
});
