// The authoring page (issue 14): a policy file written in the browser, its problems located and
// reached by keyboard, its criteria listed in the policy's numbering, its cases run with the one
// that fails and why, its copies of the source document found, its form tried and answers saved
// as cases, what a revision changes, and the policy, its cases and a ready-to-deploy library
// downloaded; keyboard only from an empty page; nothing leaves the device; axe-core finds nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { setup, env, root, axeSource, PRECHECK_BIN } from './helpers.mjs';

setup();

/**
 * A new context on the authoring page, its errors (uncaught and console) collected, and every
 * request it makes from the start recorded.
 */
async function openAuthor(options = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${env.url}author/`);
  await page.waitForSelector('#policy-text');
  return { context, page, errors, requests };
}

const policyText = await readFile(join(root, 'crates', 'policies', 'data', 'abecma.json'), 'utf8');
const cases = JSON.parse(await readFile(join(root, 'tests', 'cases', 'abecma.json'), 'utf8'));

test('a broken file is located, fixed, checked against its cases and the document, and downloaded; no request leaves', async () => {
  const { context, page, errors, requests } = await openAuthor();
  const origin = new URL(env.url).origin;
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
  // And its form, as a prescriber would get it.
  await page.locator('.trial #q-diagnosis-group').waitFor();

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
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3)}`), [], 'with the outline, the cases and the form');
  // With what a revision changes (an earlier version whose age threshold was 70).
  const earlier = policyText.replace('{"qty": [18, "years"]}', '{"qty": [70, "years"]}');
  await page.setInputFiles('#open-earlier', { name: 'earlier.json', mimeType: 'application/json', buffer: Buffer.from(earlier) });
  await page.waitForSelector('.revision > li');
  result = await page.evaluate(async () => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3)}`), [], 'with the revision');
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
  const { context, page, errors } = await openAuthor();
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

/** Reads a zip archive's entries (name → text) with Python's zipfile, which checks every CRC. */
function unzip(path) {
  const script = 'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({n: z.read(n).decode() for n in z.namelist()}))';
  return JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8', maxBuffer: 64 << 20 }));
}

test('the file being written has its form and verdict; answers saved as a case pass; a revision shows what it changes; the cases and the library download', async () => {
  const { context, page, errors } = await openAuthor();
  // From the library: the shipped file is also the earlier version.
  await page.getByRole('button', { name: 'Start from a library policy' }).click();
  await page.selectOption('#library-policy', 'abecma.json');
  await page.getByRole('button', { name: 'Open the chosen policy' }).click();
  await page.waitForFunction(() => document.querySelector('#author-status').textContent.startsWith('Valid'));
  await page.setInputFiles('#open-cases', { name: 'abecma.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(cases)) });
  const n = cases.cases.length;
  await page.waitForFunction((want) => document.querySelector('.author-check h3')?.textContent === want, `Cases: ${n} of ${n} pass (abecma.json)`);
  assert.match(await page.locator('#revision-summary').innerText(), new RegExp(`^Against the library's abecma\\.json: ${n} cases, 0 with another outcome, 0 with`));

  // The form a prescriber would get, and its verdict.
  const trial = page.locator('section.trial');
  await trial.getByRole('heading', { name: 'Try the form' }).waitFor();
  assert.equal(await trial.locator('[data-outcome]').first().getAttribute('data-outcome'), 'incomplete');
  await trial.locator('input[name="q-diagnosis"][value="multiple_myeloma"]').check();
  await trial.locator('#q-myeloma_status-group').waitFor();
  await page.fill('#case-name', 'Myeloma, nothing else known');
  await page.getByRole('button', { name: 'Save the answers as a case' }).click();
  await page.waitForFunction((want) => document.querySelector('.author-check h3')?.textContent === want, `Cases: ${n + 1} of ${n + 1} pass (abecma.json)`);
  assert.match(await page.locator('.notice').innerText(), new RegExp(`^Case “Myeloma, nothing else known” added to abecma\\.json \\(${n + 1} cases\\): it expects`));
  const [casesDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the cases' }).click()]);
  const savedCases = JSON.parse(await readFile(await casesDownload.path(), 'utf8'));
  assert.equal(savedCases.cases.length, n + 1);
  assert.deepEqual(savedCases.cases.at(-1).answers, { diagnosis: 'multiple_myeloma' });
  assert.equal(savedCases.cases.at(-1).outcome, 'incomplete');

  // A revision: the age threshold raised. The cases it reaches change, starting at A.1-age.
  const age = '{"qty": [18, "years"]}';
  assert.ok(policyText.includes(age), 'the age threshold as the file writes it');
  await page.fill('#policy-text', policyText.replace(age, '{"qty": [70, "years"]}'));
  await page.waitForFunction(() => !/, 0 with another outcome/.test(document.querySelector('#revision-summary')?.textContent ?? ', 0 with another outcome'));
  const changes = await page.locator('.revision > li').allInnerTexts();
  assert.ok(changes.length > 0);
  for (const c of changes) assert.match(c, /A\.1-age Aged 18 or older: met → not met/);
  assert.ok(await page.locator('.case.fail').count() > 0, 'the cases that expected the old threshold fail now');
  await page.locator('#revision-summary').scrollIntoViewIfNeeded();
  await page.locator('.author-check').screenshot({ path: 'artifacts/author-revision.png' });

  // The library, ready to deploy, with the revised file in it.
  const [zip] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the library with this policy' }).click()]);
  assert.equal(zip.suggestedFilename(), 'precheck-library.zip');
  const files = unzip(await zip.path());
  assert.deepEqual(Object.keys(files).sort(), ['index.html', 'policies/abecma.json', 'policies/carvykti.json', 'policies/cosmetic-reconstructive.json',
    'policies/kineret.json', 'policies/manifest.json', 'policies/pain-pump.json', 'sw.js']);
  assert.equal(files['policies/abecma.json'], await page.inputValue('#policy-text'));
  const manifest = JSON.parse(files['policies/manifest.json']);
  const entry = manifest.policies.find((e) => e.id === 'CPCT.MNG.ABECMA');
  assert.equal(entry.sha256, createHash('sha256').update(files['policies/abecma.json']).digest('hex'));
  assert.match(files['sw.js'], /policies\/abecma\.json/);
  assert.match(files['index.html'], /precheck:start/);
  assert.deepEqual(errors, []);
  await page.screenshot({ path: 'artifacts/author-trial.png', fullPage: true });
  await context.close();
});

/** Presses Tab (Shift+Tab when `back`) until the focused element matches `selector`. */
async function tabTo(page, selector, { back = false, max = 80 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${selector} is not reached by ${back ? 'Shift+Tab' : 'Tab'}`);
}

const newPolicy = `{
  "id": "NEW.DRUG.1",
  "title": "A new drug for a rare condition",
  "subject": "A new drug",
  "issuer": "An example plan",
  "plan": "All plans",
  "lines_of_business": ["commercial"],
  "last_review": "2026-11",
  "questions": [
    {"id": "confirmed", "prompt": "The diagnosis is confirmed by a specialist", "type": "yes_no"}
  ],
  "sections": [
    {"id": "I", "title": "Initial approval", "kind": "initial", "effect": "criteria",
     "criteria": {"id": "I.A", "label": "Confirmed diagnosis", "check": {"yes": "confirmed"}}}
  ]
}
`;

test('keyboard only: from an empty page to a new valid policy with passing cases, both files downloaded, and not one request', async () => {
  const { context, page, errors, requests } = await openAuthor();
  await page.waitForLoadState('networkidle');
  requests.length = 0;

  // The skip link, then the file, typed.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to the policy file');
  await page.keyboard.press('Enter');
  await tabTo(page, '#policy-text');
  const [head, last] = [newPolicy.slice(0, -2), newPolicy.slice(-2)];
  await page.keyboard.type(head);
  // Unfinished, the file has a problem at its end; the closing brace makes it valid.
  await page.waitForFunction(() => /problem/.test(document.querySelector('#author-status').textContent));
  await page.keyboard.type(last);
  await page.waitForFunction(() => document.querySelector('#author-status').textContent.startsWith('Valid'));
  assert.equal(await page.locator('#author-status').innerText(), 'Valid: NEW.DRUG.1 (1 questions, 1 criteria).');
  assert.equal(await page.inputValue('#policy-text'), newPolicy);

  // The form: "yes", saved as a case; then "no", saved as another.
  await tabTo(page, '#q-confirmed');
  await page.keyboard.press('Space');
  await page.waitForSelector('.trial [data-outcome="meets"]');
  await tabTo(page, '#case-name', { back: true });
  await page.keyboard.type('Confirmed by a specialist');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('.author-check h3')?.textContent === 'Cases: 1 of 1 pass (new.drug.1.cases.json)');
  await tabTo(page, '#q-confirmed');
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('.trial [data-outcome="does_not_meet"]');
  await tabTo(page, '#case-name', { back: true });
  await page.keyboard.type('Not confirmed');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('.author-check h3')?.textContent === 'Cases: 2 of 2 pass (new.drug.1.cases.json)');
  assert.match(await page.locator('.author-check').innerText(), /1 of 1 criteria seen failing/);

  // Both files, downloaded by keyboard.
  await tabTo(page, '#download-policy', { back: true });
  const [policyFile] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.equal(policyFile.suggestedFilename(), 'NEW.DRUG.1.json');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'download-cases');
  const [casesFile] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.equal(casesFile.suggestedFilename(), 'new.drug.1.cases.json');
  const policyPath = await policyFile.path();
  const casesPath = await casesFile.path();
  assert.equal(await readFile(policyPath, 'utf8'), newPolicy);
  const saved = JSON.parse(await readFile(casesPath, 'utf8'));
  assert.deepEqual(saved.cases.map((c) => [c.name, c.outcome, c.answers]), [
    ['Confirmed by a specialist', 'meets', { confirmed: true }],
    ['Not confirmed', 'does_not_meet', { confirmed: false }],
  ]);
  // The command line agrees: the policy is valid and its cases pass.
  const lint = execFileSync(PRECHECK_BIN, ['lint', policyPath, '--cases', casesPath], { encoding: 'utf8' });
  assert.match(lint, /0 error\(s\)/);

  // Chromium fetches the page's icon on its own, once, some time after the page loaded: that
  // is the browser's, not the page's work.
  const icon = `${env.url}icons/icon-192.png`;
  assert.deepEqual(requests.filter((u) => !u.startsWith('blob:') && u !== icon), [], 'not one request');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a file dropped on the page goes where its kind says: the policy, its cases, the document', async () => {
  const { context, page, errors } = await openAuthor();
  const drop = async (name, text, type) => {
    const dataTransfer = await page.evaluateHandle(([n, t, m]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], n, { type: m }));
      return dt;
    }, [name, text, type]);
    await page.dispatchEvent('main', 'dragover', { dataTransfer });
    await page.dispatchEvent('main', 'drop', { dataTransfer });
  };
  await drop('abecma.json', policyText, 'application/json');
  await page.waitForFunction(() => document.querySelector('#author-status').textContent.startsWith('Valid'));
  assert.equal(await page.locator('.notice').innerText(), 'abecma.json opened as the policy file.');
  assert.equal(await page.inputValue('#policy-text'), policyText);
  await drop('abecma-cases.json', JSON.stringify(cases), 'application/json');
  const n = cases.cases.length;
  await page.waitForFunction((want) => document.querySelector('.author-check h3')?.textContent === want, `Cases: ${n} of ${n} pass (abecma-cases.json)`);
  assert.equal(await page.locator('.notice').innerText(), 'abecma-cases.json opened as its cases.');
  await drop('abecma.txt', 'Preamble.\n\nThe patient is 18 or older.\n', 'text/plain');
  await page.waitForFunction(() => document.querySelector('.notice')?.textContent === 'abecma.txt opened as the policy document.');
  assert.equal(await page.inputValue('#policy-text'), policyText, 'the policy file is still the one being written');
  assert.deepEqual(errors, []);
  await context.close();
});
