// Deep links (issue 12): the address names the screen, never the answers. A link opens each
// policy with each of its lines of business; back and forward move between screens; a reload
// keeps the screen; a search link lists what it finds; an unknown policy id gets a clear page
// with the search.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, env, open, POLICIES, policyLobs, choose } from './helpers.mjs';

setup();

const lobSelected = (page) => page.evaluate(() => document.querySelector('#lob')?.value ?? null);

test('a link opens each policy with each line of business; back, forward and reload keep the screen', async () => {
  const lobs = await policyLobs();
  const { context, page, errors } = await open();
  for (const { id } of POLICIES) {
    for (const lob of lobs[id]) {
      await page.goto(`${env.url}#/policy/${id}?lob=${lob}`);
      await page.waitForSelector('.verdict');
      assert.match(await page.locator('.policy-head .policy-meta').innerText(), new RegExp(id.replace(/\./g, '\\.')));
      if (lobs[id].length > 1) assert.equal(await lobSelected(page), lob, `${id} opens with ${lob}`);
      else assert.match(await page.locator('.context .fixed').innerText(), /Line of business/);
    }
  }
  // From the list to a policy, to its summary, then back twice and forward twice.
  await page.goto(`${env.url}#/?q=Q2056`);
  await page.reload();
  await page.waitForSelector('button.policy-card[data-policy="CP.PHAR.533"]');
  assert.equal(await page.locator('button.policy-card').count(), 1, 'the search link lists what it finds');
  assert.equal(await page.inputValue('#policy-search'), 'Q2056');
  await page.click('button.policy-card[data-policy="CP.PHAR.533"]');
  await page.waitForSelector('.verdict');
  assert.match(page.url(), /#\/policy\/CP\.PHAR\.533$/);
  await page.selectOption('#lob', 'medicaid');
  await page.waitForFunction(() => location.hash === '#/policy/CP.PHAR.533?lob=medicaid');
  await choose(page, 'request_type', 'initial');
  assert.doesNotMatch(page.url(), /initial|request_type/, 'answers never reach the address');
  await page.click('text=Summary / print');
  await page.waitForFunction(() => location.hash.startsWith('#/policy/CP.PHAR.533/summary'));
  await page.waitForSelector('article.summary');
  await page.goBack();
  await page.waitForSelector('.verdict');
  assert.equal(await lobSelected(page), 'medicaid');
  await page.goBack();
  await page.waitForSelector('#policy-search');
  assert.equal(await page.inputValue('#policy-search'), 'Q2056', 'back to the search as it was');
  await page.goForward();
  await page.waitForSelector('.verdict');
  await page.goForward();
  await page.waitForSelector('article.summary');
  assert.match(page.url(), /#\/policy\/CP\.PHAR\.533\/summary\?lob=medicaid$/, 'forward returns to the summary');
  // A reload keeps the screen (the answers only if kept on this device, which they are not).
  await page.goto(`${env.url}#/policy/CP.PHAR.533?lob=medicaid`);
  await page.reload();
  await page.waitForSelector('.verdict');
  assert.equal(await lobSelected(page), 'medicaid');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a link to a policy this library does not have says so and offers the search', async () => {
  const { context, page } = await open();
  await page.goto(`${env.url}#/policy/CP.PHAR.999`);
  await page.reload();
  await page.waitForSelector('#not-found');
  assert.match(await page.locator('#not-found').innerText(), /no policy "CP\.PHAR\.999"/);
  assert.ok(await page.locator('#policy-search').isVisible(), 'the search is there');
  assert.equal(await page.locator('button.policy-card').count(), 5);
  await context.close();
});
