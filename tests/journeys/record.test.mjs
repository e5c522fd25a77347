// "Fill from patient record" (issue 11): a FHIR record fills the empty questions it answers,
// each with its source and an undo; a typed answer is never overwritten; what was set aside is
// listed; nothing leaves the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, pickByCode, outcome, env } from './helpers.mjs';

setup();

const record = {
  resourceType: 'Bundle', type: 'searchset', entry: [
    { resource: { resourceType: 'Patient', id: 'pat-1', birthDate: '1958-04-12' } },
    { resource: { resourceType: 'Condition', id: 'dx-1', recordedDate: '2023-05-02',
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'C90.02', display: 'Multiple myeloma in relapse' }] } } },
    { resource: { resourceType: 'Condition', id: 'dx-0', verificationStatus: { coding: [{ code: 'entered-in-error' }] },
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'C90.00' }] } } },
    // Progression documented between the lines (mCODE's disease status, worsened).
    { resource: { resourceType: 'Observation', id: 'pd-1', status: 'final', effectiveDateTime: '2023-01-20',
      code: { coding: [{ system: 'http://loinc.org', code: '97509-4' }] },
      valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '271299001' }] } } },
    // Two prior lines, by brand and generic name: VRd, then daratumumab with pomalidomide.
    ...[['Velcade', '2022-01-10', '2022-08-01'], ['Revlimid', '2022-01-10', '2022-08-01'], ['dexamethasone', '2022-01-10', '2022-08-01'],
      ['Darzalex', '2023-02-01', '2024-01-01'], ['pomalidomide', '2023-02-01', '2024-01-01']].map(([name, start, end], i) => ({
      resource: { resourceType: 'MedicationStatement', id: `med-${i + 1}`, status: 'completed',
        medicationCodeableConcept: { text: name }, effectivePeriod: { start, end } } })),
  ],
};

const file = (value) => ({ name: 'patient.json', mimeType: 'application/fhir+json', buffer: Buffer.from(JSON.stringify(value)) });

test('a patient record fills the screen with sources, undoes one by one, and sends nothing', async () => {
  const { context, page, errors } = await open();
  await pickByCode(page, 'Q2055', 'CPCT.MNG.ABECMA');
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  await page.setInputFiles('#fill-record', file(record));
  await page.waitForFunction(() => document.querySelector('.notice')?.textContent.includes('filled 3 answers'));
  assert.equal(await page.inputValue('#q-birth_date'), '1958-04-12');
  assert.match(await page.locator('#q-birth_date-group .from-record').innerText(), /From the record: Patient pat-1: 1958-04-12/);
  assert.match(await page.locator('#q-diagnosis-group .from-record').innerText(), /Condition dx-1, 2023-05-02: Multiple myeloma in relapse/);
  // The verdict moved on at once: the diagnosis is known, the next questions are asked.
  assert.equal(await outcome(page), 'incomplete');
  assert.ok(await page.locator('#q-myeloma_status-group').isVisible());
  // Prior lines from the medication history: two lines, with the records they came from, and
  // marked as possibly incomplete (a chart may not hold therapy given elsewhere).
  const lines = page.locator('#q-prior_lines-group');
  assert.match(await lines.locator('.from-record').innerText(), /MedicationStatement med-1, 2022-01-10 to 2022-08-01: Velcade/);
  assert.ok(await page.locator('#q-prior_lines-partial').isChecked(), 'proposed as possibly incomplete');
  // The lines are inferred (grouped at the documented progression): said, not yet confirmed.
  assert.match(await lines.locator('.inferred.unconfirmed').innerText(), /new line begins after each progression the record documents \(2023-01-20\)/);
  // The patient is named; what was set aside is listed with its reason.
  assert.match(await page.locator('#record-patient').innerText(), /Patient pat-1, born 1958-04-12/);
  // Open while an inferred answer waits for confirmation; opened here either way.
  await page.locator('.from-record-list').evaluate((d) => { d.open = true; });
  assert.match(await page.locator('.from-record-list .set-aside').innerText(), /dx-0[^\n]*entered in error/);
  // Undo one: back to blank, the other stays.
  await page.click('#q-diagnosis-group .from-record button');
  await page.waitForFunction(() => !document.querySelector('#q-diagnosis-group .from-record'));
  assert.equal(await page.locator('#q-birth_date-group .from-record').count(), 1, 'the other filled answer keeps its source');
  // A typed answer is never overwritten: the record's value is offered beside it.
  await page.check('#q-diagnosis-other');
  await page.setInputFiles('#fill-record', file(record));
  await page.waitForFunction(() => document.querySelector('.notice')?.textContent.includes('differs from 1 answer'));
  assert.ok(await page.locator('#q-diagnosis-other').isChecked(), 'the typed answer stands');
  assert.equal(await outcome(page), 'does_not_meet');
  await page.click('#q-diagnosis-group .record-offer button:text("Use the record\'s value")');
  await page.waitForFunction(() => document.querySelector('#q-diagnosis-group .from-record'));
  assert.equal(await outcome(page), 'incomplete');
  // A file that is not FHIR: a message, and every answer kept.
  await page.setInputFiles('#fill-record', { name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('[1, 2]') });
  await page.waitForFunction(() => document.querySelector('.notice')?.textContent.includes('could not be read'));
  assert.equal(await page.inputValue('#q-birth_date'), '1958-04-12');
  assert.deepEqual(requests, [], 'filling from a record makes no network request');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a record file dropped on the form fills it; dropped before a policy is chosen, it is refused', async () => {
  const { context, page, errors } = await open();
  const drop = async (text) => {
    const dataTransfer = await page.evaluateHandle((t) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], 'patient.json', { type: 'application/fhir+json' }));
      return dt;
    }, text);
    await page.dispatchEvent('main', 'dragover', { dataTransfer });
    await page.dispatchEvent('main', 'drop', { dataTransfer });
  };
  await drop(JSON.stringify(record));
  await page.waitForFunction(() => document.querySelector('.notice')?.textContent.includes('Choose a policy first'));
  await pickByCode(page, 'Q2055', 'CPCT.MNG.ABECMA');
  await drop(JSON.stringify(record));
  await page.waitForFunction(() => document.querySelector('.notice')?.textContent.includes('filled 3 answers'));
  assert.equal(await page.inputValue('#q-birth_date'), '1958-04-12');
  assert.ok(page.url().startsWith(env.url), 'the browser did not open the file over the app');
  assert.deepEqual(errors, []);
  await context.close();
});
