// The record does the typing (issue 22), one realistic chart per policy (tests/charts/): the
// prescriber's own answers imported, the chart filled from its FHIR record, the patient named,
// every filled value's source shown, the inferred answers seen with their reasoning and
// confirmed after review, and the policy's outcome reached; no request leaves the page. A
// second patient's record never mixes with the first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { setup, open, pickByCode, outcome, importAnswers, POLICIES, PRECHECK_BIN, root } from './helpers.mjs';

setup();

const CHARTS = {
  'CP.PHAR.533': ['carvykti/len-refractory-after-dpd.json', 'carvykti/prior-teclistamab.json'],
  'CPCT.MNG.ABECMA': ['abecma/four-lines-outpatient.json', 'abecma/single-planned-line.json'],
  'CP.PHAR.244': ['kineret/ra-after-biologics.json', 'kineret/ra-no-biologic-trial.json'],
  'CP.MP.173': ['pain-pump/fbss-permanent-pump.json', 'pain-pump/cancer-pain-trial-epidural-tumor.json'],
  'MC.CP.MP.31': ['cosmetic-reconstructive/skin-tags-collar-line.json', 'cosmetic-reconstructive/painful-infected-keloid.json'],
};

const chart = async (name) => JSON.parse(await readFile(join(root, 'tests', 'charts', name), 'utf8'));
const recordFile = (c) => ({ name: 'patient.json', mimeType: 'application/fhir+json', buffer: Buffer.from(JSON.stringify(c.record)) });
const notice = (page) => page.locator('.notice').innerText();

// What the record proposes, as the CLI reads it: the facts it leaves empty are what the
// clinician types, with the prescriber's own answers.
function proposals(c) {
  const out = execFileSync(PRECHECK_BIN, ['prefill', c.policy, '--bundle', '-', '--as-of', c.as_of], { input: JSON.stringify(c.record), encoding: 'utf8' });
  return JSON.parse(out);
}

for (const { id, code } of POLICIES) {
  test(`${id}: a realistic chart fills the screen, named and sourced, and reaches its outcome once confirmed`, async () => {
    const [first, second] = await Promise.all(CHARTS[id].map(chart));
    const found = proposals(first);
    const typed = { ...first.typed };
    for (const [q, v] of Object.entries(first.facts)) {
      if (!(q in found.answers) && !(q in typed)) typed[q] = v;
    }
    const { context, page, errors } = await open();
    await pickByCode(page, code, id);
    await importAnswers(page, id, { as_of: first.as_of, line_of_business: first.line_of_business, answers: typed });
    const requests = [];
    // The browser may fetch the app's icon (its web manifest's) at any time: not a request of
    // the page's.
    context.on('request', (r) => { if (!new URL(r.url()).pathname.startsWith('/icons/')) requests.push(r.url()); });
    await page.setInputFiles('#fill-record', recordFile(first));
    await page.waitForFunction(() => document.querySelector('.notice')?.textContent.startsWith('Record of '));
    // The patient is named while the record's answers are on the screen.
    const patient = found.patient;
    assert.match(await page.locator('#record-patient').innerText(), new RegExp(`${patient.name}, born ${patient.birth_date}`));
    // Every value filled shows where it came from; every inferred one says how, unconfirmed.
    const filled = Object.keys(found.answers).filter((q) => !(q in typed));
    for (const q of filled) {
      assert.match(await page.locator(`#q-${q}-group .from-record`).innerText(), /From the record: \w+/, `${q} shows its source`);
    }
    const inferred = found.proposals.filter((p) => p.inferred && !(p.question in typed)).map((p) => p.question);
    for (const q of inferred) {
      assert.equal(await page.locator(`#q-${q}-group .inferred.unconfirmed`).count(), 1, `${q} is shown as inferred, not confirmed`);
    }
    // While the outcome rests on an unconfirmed inferred answer, it is never said as settled.
    const resting = Number(await page.locator('.verdict-status [data-unconfirmed]').getAttribute('data-unconfirmed'));
    if (resting > 0) {
      assert.match(await page.locator('.verdict-status .outcome').innerText(), /, if the .*inferred answers? (is|are) right: confirm/);
    }
    // Reviewed in the "from the record" list, then confirmed.
    const list = page.locator('.from-record-list');
    if (filled.length > 0) {
      await list.evaluate((d) => { d.open = true; });
      assert.ok(await list.locator('.proposed li').count() >= filled.length, 'every proposal is listed');
    }
    if (inferred.length > 0) {
      await list.locator('button', { hasText: 'confirm' }).click();
      await page.waitForFunction(() => document.querySelector('.verdict-status [data-unconfirmed]')?.getAttribute('data-unconfirmed') === '0');
      assert.equal(await page.locator('.inferred.unconfirmed').count(), 0);
    }
    // The histories the clinician knows to be whole: "may be incomplete" unticked.
    for (const q of (first.confirm_complete ?? []).filter((q) => filled.includes(q))) {
      await page.uncheck(`#q-${q}-partial`);
    }
    assert.equal(await outcome(page), first.outcome, `${id}: the chart's outcome`);
    assert.deepEqual(requests, [], 'filling from a record makes no request');
    // Another patient's record fills nothing: it asks, and keeping the screen keeps it whole.
    const before = await page.locator('form.questions').innerHTML();
    await page.setInputFiles('#fill-record', recordFile(second));
    await page.waitForSelector('.patient-switch');
    assert.match(await notice(page), /This record is of .*, not of .*Nothing was filled/);
    assert.equal(await page.locator('form.questions').innerHTML(), before, 'nothing of the second patient mixed in');
    await page.click('.patient-switch button:text("Keep the current patient")');
    await page.waitForFunction(() => !document.querySelector('.patient-switch'));
    assert.match(await page.locator('#record-patient').innerText(), new RegExp(patient.name));
    assert.equal(await outcome(page), first.outcome);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
