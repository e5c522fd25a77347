// Journeys for what a real chart holds (issue 9): tests never done, lists known in part, the
// one-page printed summary of every policy, and the compact verdict on a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setup, env, artifacts, POLICIES, open, pickByCode, outcome, importAnswers, choose, corpus } from './helpers.mjs';

setup();

/** Pages in a PDF that Chromium wrote: its page objects, not the page tree's root. */
function pageCount(pdf) {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

test('a lab never done is entered as "not done" and the screen decides without invented values', async () => {
  const { context, page, errors } = await open();
  await pickByCode(page, 'Q2056', 'CP.PHAR.533');
  const cases = (await corpus())['CP.PHAR.533'];
  const c = cases.find((x) => x.name.startsWith('I.A.4 undecided while the urine test is blank'));
  await importAnswers(page, 'CP.PHAR.533', c);
  assert.equal(await outcome(page), 'incomplete', 'a blank urine test is not "no"');
  assert.ok(await page.locator('#q-upep_m_protein-group').isVisible());
  // Keyboard: reach the "Not done" box and tick it with the space bar.
  await page.focus('#q-upep_m_protein-not-done');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelector('.verdict-status [data-outcome]')?.dataset.outcome === 'does_not_meet');
  assert.deepEqual(await page.locator('.verdict-status .failed li strong').allInnerTexts(), ['I.A.4']);
  assert.ok(await page.locator('#q-upep_m_protein').isDisabled(), 'the value is disabled while "not done"');
  assert.ok(await page.locator('#q-upep_date-group').isHidden(), 'its date is no longer asked');
  const progress = await page.locator('.progress label').innerText();
  assert.match(progress, /^(\d+) of \1 needed answers given$/, `"not done" counts as answered: ${progress}`);
  // The trail says "not done", not a value.
  assert.match(await page.locator(".tree").innerText(), /urine M-protein[^\n]*: not done$/im);
  // Clear returns to blank: the case is undecided again.
  await page.click('#q-upep_m_protein-group button.clear');
  await page.waitForFunction(() => document.querySelector('.verdict-status [data-outcome]')?.dataset.outcome === 'incomplete');
  assert.ok(!(await page.locator('#q-upep_m_protein-not-done').isChecked()));
  // A list known in part: one CAR-T product listed, more may exist, decides I.A.8.
  await page.check('#q-prior_car_t-1');
  await page.check('#q-prior_car_t-partial');
  await page.click('#q-upep_m_protein-not-done');
  await page.waitForFunction(() => document.querySelector('.verdict-status [data-outcome]')?.dataset.outcome === 'does_not_meet');
  const failed = await page.locator('.verdict-status .failed li strong').allInnerTexts();
  assert.ok(failed.includes('I.A.8'), `a CAR-T product already listed fails I.A.8: ${failed}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the printed summary of a decided case is one page for every policy, Letter and A4', async () => {
  const cases = await corpus();
  const { context, page, errors } = await open();
  for (const { id, code } of POLICIES) {
    await page.goto(`${env.url}#/`);
    await page.waitForSelector('#policy-search');
    await pickByCode(page, code, id);
    for (const want of ['meets', 'does_not_meet']) {
      const c = cases[id].find((x) => x.outcome === want && (!x.line_of_business || x.line_of_business !== 'commercial' || id !== 'MC.CP.MP.31'));
      await importAnswers(page, id, c);
      assert.equal(await outcome(page), want, `${id}: ${c.name}`);
      await page.click('text=Summary / print');
      await page.waitForSelector('.summary');
      const text = await page.locator('.summary').innerText();
      for (const part of [id, 'As of', c.as_of, 'Pre-screen only']) assert.ok(text.includes(part), `${id} summary names ${part}`);
      await page.emulateMedia({ media: 'print' });
      for (const format of ['Letter', 'A4']) {
        const pdf = await page.pdf({ format, printBackground: true });
        if (want === 'meets' && format === 'Letter') await writeFile(join(artifacts, `${id}-summary.pdf`), pdf);
        assert.equal(pageCount(pdf), 1, `${id} ${want} prints on one ${format} page`);
      }
      // The appendix, when asked for, follows on pages of its own.
      await page.emulateMedia({ media: 'screen' });
      await page.check('#summary-appendix');
      await page.emulateMedia({ media: 'print' });
      assert.ok(pageCount(await page.pdf({ format: 'Letter' })) > 1, `${id}: the appendix adds pages`);
      await page.emulateMedia({ media: 'screen' });
      await page.click('text=Back to the form');
    }
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a phone a compact verdict stays in view without covering the field being typed in', async () => {
  const { context, page, errors } = await open({ viewport: { width: 390, height: 844 } });
  await pickByCode(page, 'Q2056', 'CP.PHAR.533');
  const bar = page.locator('.verdict-bar');
  assert.ok(await bar.isVisible(), 'the compact verdict shows on a phone');
  assert.match(await bar.innerText(), /Incomplete · \d+ answers needed/);
  await choose(page, 'request_type', 'initial');
  await choose(page, 'diagnosis', 'multiple_myeloma');
  // Type into a field low on the screen: it scrolls clear of the bar.
  await page.locator('#q-dose_million_cells').waitFor();
  await page.focus('#q-dose_million_cells');
  await page.keyboard.type('70');
  assert.equal(await page.inputValue('#q-dose_million_cells'), '70');
  const [field, box] = await Promise.all([page.locator('#q-dose_million_cells').boundingBox(), bar.boundingBox()]);
  assert.ok(box.y >= 0 && box.y + box.height <= 844 + 1, `the bar is in view (${box.y})`);
  assert.ok(field.y + field.height <= box.y || field.y >= box.y + box.height,
    `the field (${field.y}..${field.y + field.height}) is not under the bar (${box.y}..${box.y + box.height})`);
  // Scrolled to the top of the form, the bar still sits at the bottom of the screen.
  await page.evaluate(() => window.scrollTo(0, 0));
  const top = await bar.boundingBox();
  assert.ok(Math.abs(top.y + top.height - 844) < 12, `the bar stays at the bottom while the form scrolls (${top.y})`);
  assert.match(await bar.innerText(), /\d+ answers? needed/);
  await page.screenshot({ path: join(artifacts, 'phone-verdict-bar.png') });
  await bar.click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'verdict', 'the bar leads to the full verdict');
  // On a wide screen the verdict is beside the form and the bar is not shown.
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.ok(await bar.isHidden());
  assert.deepEqual(errors, []);
  await context.close();
});

test('answers survive FHIR both ways in the app: Export FHIR, start over, Import FHIR', async () => {
  const cases = (await corpus())['CP.PHAR.533'];
  const { context, page, errors } = await open({ acceptDownloads: true });
  await pickByCode(page, 'Q2056', 'CP.PHAR.533');
  for (const c of [cases.find((x) => x.name.startsWith('I.A meets: a recent serum M-protein of 1.4 g/dL qualifies')),
    cases.find((x) => x.name.startsWith('I.A.4 fails with no invented values'))]) {
    await importAnswers(page, 'CP.PHAR.533', c);
    assert.equal(await outcome(page), c.outcome, c.name);
    const before = await page.locator('.verdict-status').innerText();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Export FHIR')]);
    const qr = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(qr.resourceType, 'QuestionnaireResponse');
    assert.equal(qr.status, 'completed', 'a decided outcome is a completed response');
    assert.ok(qr.item.some((i) => i.linkId === 'upep_m_protein.not-done'), '"not done" is in the response');
    await page.click('text=Start over');
    assert.equal(await outcome(page), 'incomplete');
    await page.setInputFiles('#import-fhir', await download.path());
    await page.waitForFunction(() => document.querySelector('.notice')?.textContent.includes('Answers loaded'));
    assert.equal(await page.locator('.verdict-status').innerText(), before, `${c.name}: the same verdict after the round trip`);
    assert.ok(await page.locator('#q-upep_m_protein-not-done').isChecked());
  }
  // A file that is not a response is refused with a message; the answers stay.
  await page.setInputFiles('#import-fhir', { name: 'patient.json', mimeType: 'application/json', buffer: Buffer.from('{"resourceType": "Patient"}') });
  await page.waitForFunction(() => document.querySelector('.notice')?.textContent.includes('FHIR import failed'));
  assert.match(await page.locator('.notice').innerText(), /`Patient`/);
  assert.equal(await outcome(page), 'does_not_meet');
  assert.deepEqual(errors, []);
  await context.close();
});
