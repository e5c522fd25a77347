// Precheck's FHIR export in a real SDC renderer (issue 9): every exported Questionnaire loads
// into LHC-Forms (npm `lforms`, unpacked by scripts/tools.sh), a case is answered there as a
// user would, and the QuestionnaireResponse LHC-Forms writes is screened by the app's
// "Import FHIR". Needs the Questionnaires that scripts/test exports into target/fhir/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, symlink, copyFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from './server.mjs';
import { setup, env, root, artifacts, open, pickByCode, outcome } from './helpers.mjs';

setup();

const LFORMS = process.env.LFORMS_DIR;

/** A page with LHC-Forms, served from a folder of its own, and a Questionnaire in it. */
async function renderer(questionnaire) {
  const page = await env.browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(renderer.url);
  await page.waitForFunction(() => window.LForms?.Util);
  await page.evaluate(async (q) => { await LForms.Util.addFormToPage(q, 'form', { prepopulate: false }); }, questionnaire);
  // Rendered once the form's title is on the page (its first question may be gated).
  await page.waitForFunction((text) => document.querySelector('#form')?.innerText.includes(text), questionnaire.title, { timeout: 15000 });
  return { page, errors };
}

async function yesNo(page, linkId, yes) {
  const label = page.locator(`label.ant-radio-wrapper:has([name="radiogroup_${linkId}/1"])`, { hasText: yes ? 'Yes' : 'No' }).first();
  await label.click();
  await label.locator('input').evaluate((el) => el.checked || Promise.reject(new Error('not ticked')));
}

/** Types the start of an option into a choice field and clicks the suggestion LHC-Forms lists
 * for it, once the list has caught up. A repeating choice turns it into a token and empties the
 * field; a single one shows the whole option, which is checked. */
async function pick(page, linkId, label, { repeats = false } = {}) {
  const input = page.locator(`[id="${linkId}/1"]`);
  await input.click();
  await input.pressSequentially(label.slice(0, 12));
  await page.locator('li.suggestion:visible', { hasText: label }).first().click();
  await page.keyboard.press('Tab');
  if (repeats) return;
  for (let i = 0; i < 50 && (await input.inputValue()) !== label; i++) await page.waitForTimeout(100);
  assert.equal(await input.inputValue(), label, `${linkId}: LHC-Forms took the option`);
}

async function responseOf(page) {
  return page.evaluate(() => LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', document.querySelector('#form')));
}

/** The response once LHC-Forms holds an answer for every one of `linkIds` (it takes a widget's
 * value a moment after the widget shows it). */
async function responseWith(page, linkIds) {
  let qr;
  for (let i = 0; i < 100; i++) {
    qr = await responseOf(page);
    const answered = new Set((qr.item ?? []).filter((x) => x.answer?.length).map((x) => x.linkId));
    if (linkIds.every((l) => answered.has(l))) return qr;
    await page.waitForTimeout(100);
  }
  assert.fail(`LHC-Forms holds no answer for some of ${linkIds}: ${JSON.stringify(qr.item?.map((x) => x.linkId))}`);
}

test('every exported Questionnaire renders in LHC-Forms, and a response written there is screened by Precheck', async (t) => {
  assert.ok(LFORMS, 'LFORMS_DIR names the unpacked lforms package (scripts/tools.sh ensure_lforms)');
  const fhir = join(root, 'target', 'fhir');
  const files = (await readdir(fhir)).filter((n) => n.endsWith('-questionnaire.json'));
  assert.equal(files.length, 5, `the exported Questionnaires are in ${fhir} (scripts/test writes them)`);
  const site = await mkdtemp(join(tmpdir(), 'precheck-lforms-'));
  await copyFile(join(root, 'tests', 'journeys', 'lforms', 'index.html'), join(site, 'index.html'));
  await symlink(LFORMS, join(site, 'lforms'));
  const server = await serve(site);
  renderer.url = `http://127.0.0.1:${server.address().port}/`;
  t.after(async () => { server.close(); await rm(site, { recursive: true, force: true }); });

  const questionnaires = {};
  for (const name of files) {
    const q = JSON.parse(await readFile(join(fhir, name), 'utf8'));
    questionnaires[q.identifier[0].value] = q;
    const { page, errors } = await renderer(q);
    const qr = await responseOf(page);
    assert.equal(qr.questionnaire.split('|')[0], q.url, `${name}: the response cites the Questionnaire`);
    assert.deepEqual(errors, [], `${name} renders without a page error`);
    await page.close();
  }

  // A cosmetic/reconstructive request that meets the criteria, answered in LHC-Forms.
  const { page, errors } = await renderer(questionnaires['MC.CP.MP.31']);
  await yesNo(page, 'appearance_only', false);
  await pick(page, 'procedure_kind', 'Repair of an abnormal body part to improve how it works');
  await pick(page, 'abnormality_cause', 'Trauma or injury');
  await yesNo(page, 'improves_function', true);
  await pick(page, 'conservative_therapy', 'Tried and did not work');
  const cosmetic = await responseWith(page, ['appearance_only', 'procedure_kind', 'abnormality_cause', 'improves_function', 'conservative_therapy']);
  await page.screenshot({ path: join(artifacts, 'lforms-cosmetic.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();

  // Carvykti: a urine test never done, and no BCMA-targeted therapy ("None of these").
  const carvykti = await renderer(questionnaires['CP.PHAR.533']);
  await pick(carvykti.page, 'request_type', questionnaires['CP.PHAR.533'].item[0].answerOption[0].valueCoding.display);
  await pick(carvykti.page, 'diagnosis', 'Multiple myeloma');
  await yesNo(carvykti.page, 'upep_m_protein.not-done', true);
  await pick(carvykti.page, 'prior_bcma', 'None of these', { repeats: true });
  const carvyktiResponse = await responseWith(carvykti.page, ['request_type', 'diagnosis', 'upep_m_protein.not-done', 'prior_bcma']);
  const bcma = carvyktiResponse.item.find((i) => i.linkId === 'prior_bcma');
  assert.equal(bcma?.answer?.[0]?.valueCoding?.code, 'none', 'LHC-Forms writes the exclusive "None of these" option');
  assert.deepEqual(carvykti.errors, []);
  await carvykti.page.close();

  const app = await open();
  await pickByCode(app.page, '19318', 'MC.CP.MP.31');
  await app.page.setInputFiles('#import-fhir', { name: 'lforms.json', mimeType: 'application/fhir+json', buffer: Buffer.from(JSON.stringify(cosmetic)) });
  await app.page.waitForFunction(() => document.querySelector('.notice')?.textContent.includes('Answers loaded'));
  assert.equal(await outcome(app.page), 'meets', `the response LHC-Forms wrote meets MC.CP.MP.31 in Precheck: ${JSON.stringify(cosmetic.item)}`);
  assert.doesNotMatch(await app.page.locator('.notice').innerText(), /not read/);

  await app.page.click('text=Choose another policy');
  await pickByCode(app.page, 'Q2056', 'CP.PHAR.533');
  await app.page.setInputFiles('#import-fhir', { name: 'lforms.json', mimeType: 'application/fhir+json', buffer: Buffer.from(JSON.stringify(carvyktiResponse)) });
  await app.page.waitForFunction(() => document.querySelector('.notice')?.textContent.includes('Answers loaded'));
  assert.ok(await app.page.locator('#q-upep_m_protein-not-done').isChecked(), '"not done" ticked in LHC-Forms arrives as not done');
  assert.ok(await app.page.locator('#q-prior_bcma').isChecked(), '"None of these" ticked in LHC-Forms arrives as none');
  assert.equal(await outcome(app.page), 'incomplete');
  await writeFile(join(artifacts, 'lforms-responses.json'), JSON.stringify({ cosmetic, carvykti: carvyktiResponse }, null, 1));
  assert.deepEqual(app.errors, []);
  await app.context.close();
});
