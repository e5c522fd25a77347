// Journeys for what a real chart holds (issue 9): tests never done, lists known in part, the
// one-page printed summary of every policy, and the compact verdict on a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setup, env, root, artifacts, POLICIES, open, pickByCode, outcome, importAnswers, choose, corpus } from './helpers.mjs';

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

/** The sub-step ids of a policy file: the engine's ids that are not the policy's numbering. */
async function subStepIds(id) {
  const dir = join(root, 'crates', 'policies', 'data');
  for (const name of await readdir(dir)) {
    const p = JSON.parse(await readFile(join(dir, name), 'utf8'));
    if (p.id !== id) continue;
    const out = new Set();
    const walk = (n) => {
      if (Array.isArray(n)) n.forEach(walk);
      else if (n && typeof n === 'object') {
        if (typeof n.id === 'string' && typeof n.label === 'string' && /^[A-Za-z0-9.]+-./.test(n.id)) out.add(n.id);
        Object.values(n).forEach(walk);
      }
    };
    walk(p.sections);
    return [...out];
  }
  throw new Error(`no policy file for ${id}`);
}

/** What the summary's trail shows, read from the page: every row with its status, number and answers. */
async function trailRows(page) {
  return page.locator('.summary .trail li[data-criterion]').evaluateAll((lis) => lis.map((li) => ({
    id: li.dataset.criterion,
    status: li.querySelector(':scope > .status-text').textContent,
    number: li.querySelector(':scope > strong')?.textContent.trim() ?? null,
    answers: li.querySelector(':scope > .used-inline')?.textContent ?? '',
    below: [...li.querySelectorAll('.used-inline')].length,
  })));
}

test('the printed summary of a decided case is one page for every policy, Letter and A4', async (t) => {
  const cases = await corpus();
  const { context, page, errors } = await open();
  for (const { id, code } of POLICIES) {
    await page.goto(`${env.url}#/`);
    await page.waitForSelector('#policy-search');
    await pickByCode(page, code, id);
    // Issue 21: the live region says the outcome and how many answers remain, not the lists.
    const live = page.locator('.verdict-status [role="status"]');
    assert.equal(await page.locator('[aria-live], [role="status"]').filter({ has: page.locator('.missing') }).count(), 0, `${id}: the still-needed list is not in a live region`);
    const said = (await live.innerText()).replace(/^\W+/, '');
    assert.match(said, /^Incomplete: \d+ answers? still needed$/, `${id}: ${said}`);
    t.diagnostic(`${id}: the live region says ${said.length} characters; the verdict's lists beside it ${(await page.locator('.verdict-status').innerText()).length}`);
    const subSteps = await subStepIds(id);
    for (const want of ['meets', 'does_not_meet']) {
      const c = cases[id].find((x) => x.outcome === want && (!x.line_of_business || x.line_of_business !== 'commercial' || id !== 'MC.CP.MP.31'));
      await importAnswers(page, id, c);
      assert.equal(await outcome(page), want, `${id}: ${c.name}`);
      assert.ok((await live.innerText()).length < 60, `${id}: the live region is short`);
      await page.click('text=Summary / print');
      await page.waitForSelector('.summary');
      const text = await page.locator('.summary').innerText();
      for (const part of [id, 'As of', c.as_of, 'Pre-screen only']) assert.ok(text.includes(part), `${id} summary names ${part}`);
      // Only the policy's numbering is printed: no engine sub-step id, and every number cited
      // is the policy's own.
      for (const sub of subSteps) assert.ok(!text.includes(sub), `${id}: the summary prints the sub-step id ${sub}`);
      const rows = await trailRows(page);
      for (const r of rows) assert.ok(r.number === null || !/^[A-Za-z0-9.]+-/.test(r.number), `${id}: ${r.number} is not the policy's numbering`);
      // Every met criterion prints the answers that met it (attestations and empty lists too).
      for (const r of rows.filter((x) => x.status.includes('met') && !x.status.includes('not met'))) {
        assert.ok(r.below > 0, `${id}: ${r.id} is met but prints no answer`);
      }
      // A list of prior lines prints in full once.
      assert.ok((text.match(/line 1[ :]/g) ?? []).length <= 1, `${id}: a list prints once`);
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
      // In print a criterion reads above its answers: its answers are set smaller.
      const sizes = await page.locator('.appendix .tree li[data-criterion]:has(> .used)').first().evaluate((li) => ({
        criterion: parseFloat(getComputedStyle(li).fontSize),
        answer: parseFloat(getComputedStyle(li.querySelector(':scope > .used')).fontSize),
        heading: parseFloat(getComputedStyle(document.querySelector('.appendix h3')).fontSize),
      }));
      assert.ok(sizes.heading > sizes.criterion && sizes.criterion > sizes.answer, `${id}: printed sizes ${JSON.stringify(sizes)}`);
      const appendix = await page.locator('.summary').innerText();
      for (const sub of subSteps) assert.ok(!appendix.includes(sub), `${id}: the appendix prints the sub-step id ${sub}`);
      await page.emulateMedia({ media: 'screen' });
      await page.click('text=Back to the form');
    }
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test("issue 21: Abecma's summary prints the prior lines once and each attestation with its answer", async () => {
  const cases = (await corpus())['CPCT.MNG.ABECMA'];
  const { context, page, errors } = await open();
  await pickByCode(page, 'Q2055', 'CPCT.MNG.ABECMA');
  const c = cases.find((x) => x.name.startsWith('Meets: refractory disease, outpatient infusion with the provider'));
  await importAnswers(page, 'CPCT.MNG.ABECMA', c);
  assert.equal(await outcome(page), 'meets');
  await page.click('text=Summary / print');
  await page.waitForSelector('.summary');
  const rows = Object.fromEntries((await trailRows(page)).map((r) => [r.id, r]));
  assert.equal(((await page.locator('.summary').innerText()).match(/line 1[ :]/g) ?? []).length, 1, 'the line list prints once');
  assert.match(rows['A.2-count'].answers, /line 1[ :]/, 'in full at its first use');
  for (const id of ['A.2-imid', 'A.2-pi', 'A.2-anti-cd38']) {
    assert.match(rows[id].answers, /as listed under A\.2/, `${id} refers back to it`);
    assert.equal(rows[id].number, null, `${id} prints no id of its own`);
  }
  // A.3 is met as "not (a CAR-T product in a line or in the history)": it prints what it read.
  assert.match(rows['A.3'].answers, /as listed under A\.2/, 'A.3 refers back to the lines');
  assert.match(rows['A.3'].answers, /none of these/, 'the no-CAR-T history prints its answer');
  assert.match(rows['A.4'].answers, /: yes\)$/, 'the outpatient attestation prints its answer');
  // A documentation gap prints as such, apart from the criteria (issue 21).
  await page.click('text=Back to the form');
  const gap = cases.find((x) => x.outcome === 'documentation_incomplete');
  await importAnswers(page, 'CPCT.MNG.ABECMA', gap);
  assert.equal(await outcome(page), 'documentation_incomplete');
  await page.click('text=Summary / print');
  await page.waitForSelector('.summary');
  const summary = await page.locator('.summary').innerText();
  assert.match(summary, /documentation incomplete/i, 'the outcome says the documentation is incomplete');
  assert.match(summary, /Documentation missing[\s\S]*2 prior lines have no start date/, 'the gap is named with its count');
  assert.doesNotMatch(summary, /Does not meet/, 'a documentation gap is not a clinical failure');
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
