// Browser journeys: the built app (dist/) served as static files and driven in Debian's
// Chromium by Playwright. Run by scripts/test after `trunk build --release`.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  setup, env, root, artifacts, axeSource, POLICIES, policyLobs,
  open, pickByCode, outcome, importAnswers, choose, corpus,
} from './helpers.mjs';

setup();

describe('each policy, from code look-up to verdict', async () => {
  const cases = await corpus();
  const lobs = await policyLobs();
  for (const { id, code } of POLICIES) {
    test(`${id}: look up ${code}, then reach every outcome the app can give`, async () => {
      const { context, page, errors } = await open();
      await pickByCode(page, code, id);
      assert.equal(await outcome(page), 'incomplete', 'an empty form is incomplete, never a failure');
      // The app offers only the policy's own lines of business; cases for another one
      // (which the CLI answers with "refer") cannot be entered here.
      const offered = cases[id].filter((c) => !c.line_of_business || lobs[id].includes(c.line_of_business));
      const expected = new Set(offered.map((c) => c.outcome));
      const reached = new Set();
      for (const want of expected) {
        const c = offered.find((x) => x.outcome === want);
        await importAnswers(page, id, c);
        assert.equal(await outcome(page), want, `${id}: ${c.name}`);
        reached.add(want);
        if (want === 'does_not_meet') {
          const failed = await page.locator('.verdict-status .failed li').evaluateAll((lis) => lis.map((li) => li.dataset.criterion));
          assert.deepEqual(failed, c.failed, `${id}: the failing criteria are listed`);
          // Each cited by the policy's numbering: a sub-step by the number it sits under.
          const cited = await page.locator('.verdict-status .failed li strong').allInnerTexts();
          assert.deepEqual(cited, c.failed.map((f) => f.replace(/^([A-Za-z0-9.]+)-.+$/, '$1')), `${id}: failing criteria shown in the policy's numbering`);
        }
        if (want === 'incomplete') {
          const links = await page.locator('.verdict-status .missing a').evaluateAll((as) => as.map((a) => a.getAttribute('href').slice(3)));
          assert.deepEqual(links, c.missing, `${id}: missing answers listed as links to their fields`);
        }
        await page.screenshot({ path: join(artifacts, `${id}-${want}.png`), fullPage: true });
      }
      assert.ok(reached.has('meets') && reached.has('does_not_meet') && reached.has('incomplete'), `${id} reached ${[...reached]}`);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
});

test('a failing path typed by hand: an adult turns out to be 17', async () => {
  const { context, page } = await open();
  await pickByCode(page, 'Q2055', 'CPCT.MNG.ABECMA');
  await choose(page, 'diagnosis', 'multiple_myeloma');
  await page.fill('#q-birth_date', '2010-01-01');
  await page.locator('#q-birth_date').dispatchEvent('change');
  await page.waitForFunction(() => document.querySelector('[data-outcome]')?.dataset.outcome === 'does_not_meet');
  assert.deepEqual(await page.locator('.verdict-status .failed li').evaluateAll((lis) => lis.map((li) => li.dataset.criterion)), ['A.1-age']);
  assert.match(await page.locator('.verdict-status .failed').innerText(), /^A\.1 Aged 18 or older$/);
  await context.close();
});

test('incomplete becomes complete, answer by answer, with the progress bar', async () => {
  const { context, page } = await open();
  await pickByCode(page, 'Q2055', 'CPCT.MNG.ABECMA');
  await choose(page, 'diagnosis', 'multiple_myeloma');
  const progress = async () => Number(await page.locator('#progress').getAttribute('value'));
  const before = await progress();
  await page.fill('#q-birth_date', '1958-04-12');
  await page.locator('#q-birth_date').dispatchEvent('change');
  await choose(page, 'myeloma_status', 'progressed');
  assert.ok((await progress()) > before, 'progress grows as answers are given');
  await page.click('#q-prior_lines');
  for (const drug of ['bortezomib', 'lenalidomide', 'dexamethasone']) {
    await page.selectOption('#q-prior_lines', drug);
  }
  await page.click('#q-prior_lines-add');
  for (const drug of ['daratumumab', 'pomalidomide', 'dexamethasone']) {
    await page.selectOption('#q-prior_lines-line-1', drug);
  }
  // "None of these": the whole CAR-T history, lines included (issue 21).
  await page.check('#q-prior_car_t_products');
  assert.equal(await outcome(page), 'incomplete');
  const missing = await page.locator('.verdict-status .missing').innerText();
  assert.match(missing, /infusion/i, 'the setting is the last answer needed');
  await choose(page, 'setting', 'inpatient');
  // Every criterion is met, but the plan wants each prior line with its date (issue 21).
  assert.equal(await outcome(page), 'documentation_incomplete');
  assert.match(await page.locator('.verdict .gaps').innerText(), /2 prior lines have no start date/);
  const send = await page.locator('.verdict').innerText();
  assert.doesNotMatch(send, /outpatient administration is clinically appropriate/i, 'no outpatient attestation for an inpatient infusion');
  for (const [line, date] of [[0, '2024-03-01'], [1, '2025-06-15']]) {
    await page.fill(`#q-prior_lines-line-${line}-start`, date);
    await page.locator(`#q-prior_lines-line-${line}-start`).dispatchEvent('change');
  }
  assert.equal(await outcome(page), 'meets');
  assert.equal(await page.locator('#progress').getAttribute('value'), await page.locator('#progress').getAttribute('max'));
  assert.match(await page.locator('.verdict').innerText(), /one|single/i, 'the approval quantity is shown');
  await page.screenshot({ path: join(artifacts, 'abecma-meets.png'), fullPage: true });
  await context.close();
});

test('a bad value gets an inline message, keeps focus and erases nothing', async () => {
  const { context, page } = await open();
  await pickByCode(page, 'Q2056', 'CP.PHAR.533');
  const cases = (await corpus())['CP.PHAR.533'];
  await importAnswers(page, 'CP.PHAR.533', cases.find((c) => c.outcome === 'meets' && c.answers.spep_m_protein));
  await page.fill('#q-spep_m_protein', '');
  await page.locator('#q-spep_m_protein').pressSequentially('1.4x');
  const error = page.locator('#q-spep_m_protein-error');
  // The form re-renders after the keystroke: wait for it rather than race it.
  await page.locator('#q-spep_m_protein-error', { hasText: 'not a number' }).waitFor({ timeout: 5000 }).catch(() => {});
  assert.match(await error.innerText(), /not a number/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q-spep_m_protein', 'focus stays in the field');
  assert.equal(await page.locator('#q-spep_m_protein').getAttribute('aria-invalid'), 'true');
  assert.ok(await page.locator('input[name="q-diagnosis"][value="multiple_myeloma"]').isChecked(), 'other answers stay');
  assert.equal(await page.inputValue('#q-birth_date'), cases.find((c) => c.outcome === 'meets' && c.answers.spep_m_protein).answers.birth_date);
  await page.locator('#q-spep_m_protein').press('Backspace');
  assert.equal(await error.innerText(), '');
  await page.fill('#q-spep_m_protein', '-3');
  assert.match(await error.innerText(), /below the minimum/);
  await context.close();
});

test('the bad-input catalogue, typed into the form: each field names its problem and keeps the rest', async (t) => {
  // Entries of kind `answers` with a `browser` part (tests/bad-inputs/catalogue.json): the other
  // answers are imported, the bad value is typed into its field as a user would (impossible dates
  // cannot be: a date input refuses them), and the field's inline error must name the problem.
  const catalogue = JSON.parse(await readFile(join(root, 'tests', 'bad-inputs', 'catalogue.json'), 'utf8'));
  const entries = catalogue.filter((e) => e.kind === 'answers' && e.browser);
  assert.ok(entries.length >= 10, `${entries.length} browser entries`);
  const { context, page, errors } = await open();
  await pickByCode(page, 'Q2056', 'CP.PHAR.533');
  const failures = [];
  const known = [];
  for (const entry of entries) {
    const b = entry.browser;
    const bad = new Set(entry.expect.errors.map((e) => e.question));
    const answers = Object.fromEntries(Object.entries(entry.answers).filter(([id]) => !bad.has(id) && id !== b.field));
    const problems = [];
    try {
      await page.click('text=Start over');
      await page.waitForFunction(() => document.querySelector('.notice')?.textContent.includes('Answers cleared'));
      await importAnswers(page, entry.policy, { as_of: entry.as_of, line_of_business: entry.line_of_business, answers });
      const field = page.locator(`#q-${b.field}`);
      await field.fill(b.type);
      // A date input reports on change, not on each keystroke.
      if ((await field.getAttribute('type')) === 'date') await field.dispatchEvent('change');
      if (b.unit) await page.selectOption(`#q-${b.field}-unit`, b.unit);
      const error = page.locator(`#q-${b.field}-error`);
      const prompt = (await page.locator(`#q-${b.field}-group legend .prompt`).innerText()).trim();
      // Rendering follows the event; give it a moment rather than reading a stale DOM.
      await page.waitForFunction(([id, want]) => {
        const text = document.getElementById(`q-${id}-error`)?.textContent ?? '';
        return want === null ? text === '' : text !== '';
      }, [b.field, b.error], { timeout: 2000 }).catch(() => {});
      const text = await error.innerText();
      const invalid = await field.getAttribute('aria-invalid');
      if (b.error === null) {
        if (text !== '') problems.push(`expected no error, got ${JSON.stringify(text)}`);
        if (invalid !== null) problems.push(`aria-invalid is ${invalid}`);
      } else {
        if (!text.includes(b.error)) problems.push(`error ${JSON.stringify(text)} lacks ${JSON.stringify(b.error)}`);
        if (!text.startsWith(`${prompt}: `)) problems.push(`error ${JSON.stringify(text)} does not name the field (${prompt})`);
        if (invalid !== 'true') problems.push(`aria-invalid is ${invalid}`);
      }
      if ((await field.inputValue()) !== b.type) problems.push('the typed value was not kept in the field');
      // An accepted value in another unit must be converted: the criterion reads it in the policy's unit.
      for (const [id, want] of Object.entries(entry.expect.criteria ?? {})) {
        // The node's own row carries its id as data (a sub-step prints no id) and its status
        // text first (closed branches included).
        const row = page.locator(`.tree li[data-criterion="${id}"]`).first();
        const status = ((await row.locator(':scope > .status-text, :scope > details > summary > .status-text').first().textContent()) ?? '').replace(/^\W+\s*/, '');
        if (status !== want.replace('_', ' ')) problems.push(`criterion ${id} is ${status}, expected ${want}`);
      }
      const keep = answers[b.keeps];
      if (typeof keep === 'boolean') {
        if (!(await page.locator(`input[name="q-${b.keeps}"][value="${keep ? 'yes' : 'no'}"]`).isChecked())) problems.push(`${b.keeps} lost`);
      } else if (typeof keep === 'number' || /^\d{4}-\d\d-\d\d$/.test(keep)) {
        if ((await page.inputValue(`#q-${b.keeps}`)) !== String(keep)) problems.push(`${b.keeps} lost`);
      } else if (!(await page.locator(`input[name="q-${b.keeps}"][value="${keep}"]`).isChecked())) {
        problems.push(`${b.keeps} lost`);
      }
    } catch (e) {
      problems.push(`could not replay: ${e.message.split('\n')[0]}`);
    }
    if (problems.length === 0 && b.known_bug) t.diagnostic(`${entry.name}: marked known_bug but behaves as expected (fixed? remove the mark)`);
    if (problems.length === 0) continue;
    const report = `${entry.name}: ${problems.join('; ')}`;
    if (b.known_bug) known.push(`${report} [known bug: ${b.known_bug}]`);
    else failures.push(report);
  }
  for (const k of known) t.diagnostic(`known bug, reported, not failed: ${k}`);
  assert.deepEqual(failures, [], `${failures.length} of ${entries.length} browser entries misbehave`);
  assert.deepEqual(errors, [], 'no page error (a panic in WebAssembly shows as one)');
  await context.close();
});

test('export then import gives back the same answers and verdict', async () => {
  const { context, page } = await open({ acceptDownloads: true });
  await pickByCode(page, 'Q2055', 'CPCT.MNG.ABECMA');
  await choose(page, 'diagnosis', 'multiple_myeloma');
  await page.fill('#q-birth_date', '1958-04-12');
  await page.locator('#q-birth_date').dispatchEvent('change');
  await choose(page, 'myeloma_status', 'refractory');
  const verdictBefore = await page.locator('.verdict-status').innerText();
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Export answers')]);
  const saved = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(saved.policy, 'CPCT.MNG.ABECMA');
  assert.equal(saved.answers.birth_date, '1958-04-12');
  await page.click('text=Start over');
  assert.equal(await page.locator('input[name="q-diagnosis"]:checked').count(), 0);
  await page.setInputFiles('#import', await download.path());
  await page.waitForFunction(() => document.querySelector('.notice')?.textContent.includes('Answers loaded'));
  assert.equal(await page.inputValue('#q-birth_date'), '1958-04-12');
  assert.equal(await page.locator('.verdict-status').innerText(), verdictBefore);
  await context.close();
});

async function waitForServiceWorker(page) {
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15000 }).catch(async () => {
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  });
}

test('after the first load the app works with the network off, reload included', async () => {
  const { context, page } = await open();
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('#policy-search');
  await pickByCode(page, 'J3590', 'CP.PHAR.244');
  assert.equal(await outcome(page), 'incomplete');
  await choose(page, 'diagnosis', 'covid19');
  await choose(page, 'request_type', 'initial');
  await choose(page, 'covid_setting', 'outpatient');
  assert.equal(await outcome(page), 'does_not_meet');
  await context.close();
});

test('no request leaves the page after load, and nothing is stored without consent', async () => {
  const { context, page } = await open();
  await waitForServiceWorker(page);
  const picked = [];
  context.on('request', (r) => picked.push(r));
  await pickByCode(page, 'Q2055', 'CPCT.MNG.ABECMA');
  // Choosing a policy reads its file from the library, from the service worker's cache.
  // (Chromium itself fetches the web manifest's icon again when the address changes, from the
  // page's origin: that is the browser checking the app is installable, not the page.)
  const own = (url) => url.startsWith(`${env.url}icons/`);
  for (const r of picked.filter((r) => !own(r.url()))) {
    assert.match(r.url(), new RegExp(`^${env.url}policies/[a-z0-9-]+\\.json$`), `only the policy's file is read: ${r.url()}`);
    assert.ok((await r.response())?.fromServiceWorker(), `${r.url()} came from the service worker, not the network`);
  }
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  await choose(page, 'diagnosis', 'multiple_myeloma');
  await page.fill('#q-birth_date', '1958-04-12');
  await page.locator('#q-birth_date').dispatchEvent('change');
  await choose(page, 'myeloma_status', 'progressed');
  await page.click('text=Summary / print');
  await page.click('text=Back to the form');
  assert.deepEqual(requests.filter((u) => !own(u)), [], 'answering makes no network request');
  const stored = await page.evaluate(async () => ({
    local: Object.keys(localStorage),
    session: Object.keys(sessionStorage),
    idb: (await indexedDB.databases()).map((d) => d.name),
  }));
  assert.deepEqual(stored, { local: [], session: [], idb: [] });
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(csp, /connect-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  // Opting in stores the answers; opting out removes them.
  await page.check('#keep');
  await page.waitForFunction(() => localStorage.length === 1);
  assert.match(await page.evaluate(() => localStorage.getItem('precheck.answers.v1')), /1958-04-12/);
  await page.reload();
  await page.waitForSelector('.verdict');
  assert.equal(await page.inputValue('#q-birth_date'), '1958-04-12', 'kept answers come back after a reload');
  // A reload is a new load; from here on, again nothing may be requested.
  requests.length = 0;
  await page.click('text=Clear stored answers');
  await page.waitForFunction(() => localStorage.length === 0);
  assert.deepEqual(requests, [], 'still no request');
  await context.close();
});

async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

test('axe-core reports no WCAG 2.1 AA violation, in light and dark mode and on a phone', async () => {
  for (const colorScheme of ['light', 'dark']) {
    // axe is injected as a script; the page's own CSP would (rightly) refuse it.
    const { context, page } = await open({ bypassCSP: true, colorScheme });
    assert.deepEqual(await axe(page), [], `start screen, ${colorScheme}`);
    await pickByCode(page, 'Q2056', 'CP.PHAR.533');
    const cases = (await corpus())['CP.PHAR.533'];
    await importAnswers(page, 'CP.PHAR.533', cases.find((c) => c.outcome === 'does_not_meet'));
    assert.deepEqual(await axe(page), [], `form with a failing verdict, ${colorScheme}`);
    await page.fill('#q-birth_date', '');
    await page.click('text=Summary / print');
    assert.deepEqual(await axe(page), [], `summary, ${colorScheme}`);
    await context.close();
  }
  const { context, page } = await open({ bypassCSP: true, viewport: { width: 390, height: 844 } });
  await pickByCode(page, 'CP.MP.173', 'CP.MP.173');
  assert.deepEqual(await axe(page), [], 'phone width');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling on a phone (${overflow}px)`);
  await page.screenshot({ path: join(artifacts, 'phone.png'), fullPage: false });
  await context.close();
});

test('keyboard only: find a policy, answer, follow a missing-answer link', async () => {
  const { context, page } = await open();
  const tabTo = async (predicate, limit = 60) => {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(predicate)) return;
    }
    assert.fail(`could not reach ${predicate} by Tab`);
  };
  await tabTo(() => document.activeElement.id === 'policy-search');
  await page.keyboard.type('abecma');
  await tabTo(() => document.activeElement.classList.contains('policy-card'));
  await page.keyboard.press('Enter');
  await page.waitForSelector('.verdict');
  await tabTo(() => document.activeElement.id === 'q-diagnosis');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  await page.keyboard.press('Space');
  assert.ok(await page.locator('#q-diagnosis').isChecked());
  await tabTo(() => document.activeElement.closest('.missing') !== null);
  const target = await page.evaluate(() => document.activeElement.getAttribute('href').slice(1));
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), target, 'the link moves focus to the field');
  await context.close();
});

test('screenshot for the README', async () => {
  const { context, page } = await open({ viewport: { width: 1280, height: 860 } });
  await pickByCode(page, 'Q2056', 'CP.PHAR.533');
  const cases = (await corpus())['CP.PHAR.533'];
  await importAnswers(page, 'CP.PHAR.533', cases.find((c) => c.outcome === 'does_not_meet' && c.failed.includes('I.A.4')) ?? cases[0]);
  await page.click('.notice button');
  const shot = join(artifacts, 'precheck.png');
  await page.screenshot({ path: shot });
  await writeFile(join(artifacts, 'README.txt'), 'Screenshots from the last journey run.\n');
  await context.close();
});
