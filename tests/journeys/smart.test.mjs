// SMART App Launch (issue 11): a portal configures the built app for its EHR with
// `precheck deploy` (no rebuild), and the app reads the patient's record from a mock EHR
// started here: EHR launch and standalone launch, public client with PKCE. Only GETs of the
// resource types the policy's mappings read are sent, every answer typed stays, nothing is
// stored, and no request goes anywhere but the page's origin and the EHR.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { setup, open as openDefault, ownDeployment, PRECHECK_BIN } from './helpers.mjs';
import { mockEhr } from './smart-server.mjs';

setup();

const PATIENT = 'pat-7';
const med = (id, name, start, end) => ({ resourceType: 'MedicationStatement', id, status: 'completed', subject: { reference: `Patient/${PATIENT}` },
  medicationCodeableConcept: { text: name }, effectivePeriod: { start, end } });
const resources = [
  { resourceType: 'Patient', id: PATIENT, birthDate: '1957-09-30' },
  { resourceType: 'Condition', id: 'dx-1', subject: { reference: `Patient/${PATIENT}` }, recordedDate: '2022-03-04',
    code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'C90.02', display: 'Multiple myeloma in relapse' }] } },
  { resourceType: 'Condition', id: 'dx-2', subject: { reference: `Patient/${PATIENT}` }, recordedDate: '2020-01-01',
    code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'E11.9', display: 'Type 2 diabetes mellitus without complications' }] } },
  // A serum M-protein in g/L (the form asks g/dL), and the progression that began line 2.
  { resourceType: 'Observation', id: 'spep-1', status: 'final', subject: { reference: `Patient/${PATIENT}` }, effectiveDateTime: '2026-11-02',
    code: { coding: [{ system: 'http://loinc.org', code: '33358-3' }] }, valueQuantity: { value: 14, unit: 'g/L', system: 'http://unitsofmeasure.org', code: 'g/L' } },
  { resourceType: 'Observation', id: 'pd-1', status: 'final', subject: { reference: `Patient/${PATIENT}` }, effectiveDateTime: '2022-03-15',
    code: { coding: [{ system: 'http://loinc.org', code: '97509-4' }] }, valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '271299001' }] } },
  // Five statements over three pages: VRd, then daratumumab with pomalidomide.
  med('m-1', 'bortezomib', '2021-01-05', '2021-07-01'), med('m-2', 'lenalidomide', '2021-01-05', '2021-07-01'),
  med('m-3', 'dexamethasone', '2021-01-05', '2021-07-01'), med('m-4', 'daratumumab', '2022-04-01', '2023-02-01'),
  med('m-5', 'pomalidomide', '2022-04-01', '2023-02-01'),
];

let ehr;
// The app's copy configured for the mock EHR, as a portal team would with `precheck deploy`.
const site = ownDeployment('smart', async (site) => {
  ehr = await mockEhr({ clientId: 'precheck-test', redirectUri: site.url, patient: PATIENT, resources, launch: 'ctx-123' });
  const config = join(site.dir, 'portal.json');
  await writeFile(config, JSON.stringify({ smart: { fhir_base_url: `${ehr.base}/fhir`, client_id: 'precheck-test', name: 'Test EHR' } }));
  const said = execFileSync(PRECHECK_BIN, ['deploy', site.dir, '--config', config], { encoding: 'utf8' });
  assert.match(said, new RegExp(`connect-src 'self' ${ehr.base}`));
  return ehr;
});

async function openApp(query = '') {
  const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const requests = [];
  context.on('request', (r) => requests.push({ url: r.url(), method: r.method() }));
  await page.goto(site.url + query);
  await page.waitForSelector('#policy-search');
  return { context, page, errors, requests };
}

async function pick(page, code, policyId) {
  await page.fill('#policy-search', code);
  await page.click(`button.policy-card[data-policy="${policyId}"]`);
  await page.waitForSelector('.verdict');
}

const notice = (page) => page.locator('.notice').innerText();

function fhirReads(since) {
  return ehr.log.slice(since).filter((r) => r.path.startsWith('/fhir/') && !r.path.includes('.well-known') && r.method !== 'OPTIONS');
}

test('an EHR launch reads only what the policy maps, keeps typed answers and stores nothing', async () => {
  const since = ehr.log.length;
  const { context, page, errors, requests } = await openApp(`?iss=${encodeURIComponent(`${ehr.base}/fhir`)}&launch=ctx-123`);
  await page.waitForFunction(() => document.querySelector('.notice')?.textContent.includes('Opened from Test EHR'));
  assert.equal(new URL(page.url()).search, '', 'the launch parameters leave the address bar');
  await pick(page, 'Q2056', 'CP.PHAR.533');
  // A typed answer before the sign-in: the page must not lose it.
  await page.check('input[name="q-request_type"][value="initial"]');
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#read-ehr')]);
  await popup.waitForEvent('close');
  await page.waitForFunction(() => /filled \d+ answers/.test(document.querySelector('.notice')?.textContent ?? ''), null, { timeout: 20000 });
  assert.equal(await page.inputValue('#q-birth_date'), '1957-09-30');
  assert.match(await page.locator('#q-birth_date-group .from-record').innerText(), /Patient pat-7: 1957-09-30/);
  assert.match(await page.locator('#q-diagnosis-group .from-record').innerText(), /Condition dx-1, 2022-03-04: Multiple myeloma in relapse/);
  // Beside the field a long history is summed up; every record is in the "From the record" list.
  assert.match(await page.locator('#q-therapy_lines-group .from-record').innerText(), /record entries, from MedicationStatement m-1/);
  assert.match(await page.locator('.from-record-list .proposed').textContent(), /MedicationStatement m-5/, 'every page of the search was read');
  assert.match(await page.locator('#q-therapy_lines-group .inferred').innerText(), /a new line begins after each progression the record documents \(2022-03-\d\d\)/, 'the progression read from the EHR split the lines');
  assert.equal(await page.inputValue('#q-spep_m_protein'), '1.4', 'a result read from the EHR, converted to the form\'s unit');
  assert.ok(await page.locator('input[name="q-request_type"][value="initial"]').isChecked(), 'the typed answer stands');

  const authorize = ehr.log.slice(since).find((r) => r.path === '/auth/authorize');
  const params = new URLSearchParams(authorize.search);
  assert.equal(params.get('scope'), 'launch patient/Condition.read patient/MedicationAdministration.read patient/MedicationRequest.read patient/MedicationStatement.read patient/Observation.read patient/Patient.read patient/Procedure.read');
  assert.equal(params.get('launch'), 'ctx-123');
  assert.equal(params.get('code_challenge_method'), 'S256');
  const reads = fhirReads(since);
  assert.ok(reads.length >= 6, `reads: ${reads.map((r) => r.path + r.search).join(', ')}`);
  for (const r of reads) {
    assert.equal(r.method, 'GET', 'nothing is written');
    assert.match(r.auth ?? '', /^Bearer /, 'every read carries the token');
    const type = r.path.split('/')[2];
    assert.ok(['Patient', 'Condition', 'Observation', 'Procedure', 'MedicationStatement', 'MedicationRequest', 'MedicationAdministration'].includes(type), `read ${type}`);
  }
  const conditions = reads.find((r) => r.path === '/fhir/Condition');
  assert.match(decodeURIComponent(conditions.search), /code=http:\/\/hl7\.org\/fhir\/sid\/icd-10-cm\|C90\.00/, 'conditions are searched by the mapped codes');
  assert.equal(reads.filter((r) => r.path === '/fhir/MedicationStatement').length, 3, 'three pages followed');
  // Nothing went anywhere else, and nothing was stored.
  for (const r of requests) {
    const origin = new URL(r.url).origin;
    assert.ok([new URL(site.url).origin, ehr.base].includes(origin) || r.url.startsWith('about:'), `request to ${r.url}`);
  }
  assert.deepEqual(await page.evaluate(() => [localStorage.length, sessionStorage.length]), [0, 0]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a standalone launch asks for the patient at sign-in; a refused sign-in changes nothing', async () => {
  const since = ehr.log.length;
  const { context, page, errors } = await openApp();
  await pick(page, 'Q2055', 'CPCT.MNG.ABECMA');
  await page.locator('#read-ehr').waitFor();
  assert.equal(await page.locator('#read-ehr').innerText(), 'Read from Test EHR');
  // Refused first: the notice says so and the screen is as it was.
  ehr.options.deny = true;
  await page.check('#q-diagnosis-other');
  const [denied] = await Promise.all([page.waitForEvent('popup'), page.click('#read-ehr')]);
  await denied.waitForEvent('close');
  await page.waitForFunction(() => document.querySelector('.notice')?.textContent.includes('Nothing was read from Test EHR'));
  assert.match(await notice(page), /access_denied.*Your answers are unchanged/);
  assert.ok(await page.locator('#q-diagnosis-other').isChecked(), 'the typed answer stands');
  ehr.options.deny = false;
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#read-ehr')]);
  await popup.waitForEvent('close');
  await page.waitForFunction(() => /differs from 1 answer/.test(document.querySelector('.notice')?.textContent ?? ''), null, { timeout: 20000 });
  assert.ok(await page.locator('#q-diagnosis-other').isChecked(), 'the record is offered beside the typed answer, not over it');
  assert.equal(await page.locator('#q-diagnosis-group .record-offer').count(), 1);
  const authorize = ehr.log.slice(since).filter((r) => r.path === '/auth/authorize').pop();
  const scope = new URLSearchParams(authorize.search).get('scope');
  assert.match(scope, /^launch\/patient /);
  assert.ok(!new URLSearchParams(authorize.search).has('launch'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a launch from an EHR this deployment does not know is refused, and a default build offers none', async () => {
  const { context, page } = await openApp(`?iss=${encodeURIComponent('https://elsewhere.example.org/fhir')}&launch=x`);
  await page.waitForFunction(() => document.querySelector('.notice')?.textContent.includes('not set up to read from'));
  await context.close();
  const plain = await openDefault();
  await pick(plain.page, 'Q2055', 'CPCT.MNG.ABECMA');
  assert.equal(await plain.page.locator('#read-ehr').count(), 0, 'no EHR without a configuration');
  await plain.context.close();
});
