// The start screen before the WebAssembly (issue 13): `library build` writes it into
// index.html, so it paints and can be read at once; the app takes its place as it starts,
// laid out the same (nothing moves), keeping what was typed, and opening a policy chosen
// before it arrived. The WebAssembly is held back by the test until it says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, env, POLICIES } from './helpers.mjs';

setup();

/** A page whose WebAssembly is held until `release()`. */
async function held() {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  let release;
  const released = new Promise((r) => { release = r; });
  await page.route('**/*.wasm', async (route) => {
    await released;
    await route.continue();
  });
  await page.goto(env.url, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#start-search');
  return { context, page, errors, release };
}

const boxes = (page, selector) =>
  page.locator(selector).evaluateAll((els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return { key: e.dataset.policy ?? e.tagName, x: r.x, y: r.y, w: r.width, h: r.height };
  }));

test('the start screen is there before the WebAssembly, and the app takes its place where it stood', async () => {
  const { context, page, errors, release } = await held();
  const cards = page.locator('a.policy-card');
  assert.equal(await cards.count(), POLICIES.length, 'every policy of the library is listed');
  for (const { id } of POLICIES) {
    assert.equal(await page.locator(`a.policy-card[data-policy="${id}"]`).getAttribute('href'), `#/policy/${id}`);
  }
  assert.equal(await page.locator('#start-count').innerText(), `${POLICIES.length} policies match.`);
  assert.match(await page.locator('footer.caveat').innerText(), /not a coverage decision/);
  assert.equal(await page.locator('#policy-search').count(), 0, 'the app has not started');
  const before = await boxes(page, 'h2, .policy-card, #start-search, footer.caveat');
  await page.screenshot({ path: 'artifacts/start-static.png' });

  release();
  await page.waitForSelector('button.policy-card');
  assert.equal(await page.locator('#precheck-start').count(), 0, 'the static screen is gone');
  assert.equal(await page.locator('#precheck-library').count(), 0, 'and the manifest it carried');
  const after = await boxes(page, 'h2, .policy-card, #policy-search, footer.caveat');
  assert.equal(after.length, before.length);
  for (const [i, b] of before.entries()) {
    const a = after[i];
    assert.equal(a.key, b.key);
    for (const k of ['x', 'y', 'w', 'h']) {
      assert.ok(Math.abs(a[k] - b[k]) <= 1, `${b.key} ${k}: ${b[k]} before the app, ${a[k]} after`);
    }
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('what is typed before the app starts is kept, and the search goes on from it', async () => {
  const { context, page, errors, release } = await held();
  await page.focus('#start-search');
  await page.keyboard.type('J3590');
  release();
  await page.waitForSelector('#policy-search');
  assert.equal(await page.inputValue('#policy-search'), 'J3590');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'policy-search', 'the focus stays in the search box');
  await page.waitForFunction(() => document.querySelectorAll('button.policy-card').length === 1);
  assert.equal(await page.locator('button.policy-card').getAttribute('data-policy'), 'CP.PHAR.244');
  await page.keyboard.press('Backspace');
  assert.equal(await page.inputValue('#policy-search'), 'J359');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a policy chosen before the app starts opens when it does', async () => {
  const { context, page, errors, release } = await held();
  await page.click('a.policy-card[data-policy="CP.MP.173"]');
  await page.waitForFunction(() => location.hash === '#/policy/CP.MP.173');
  release();
  await page.waitForSelector('.verdict');
  assert.match(await page.locator('.policy-head .policy-meta').innerText(), /CP\.MP\.173/);
  assert.deepEqual(errors, []);
  await context.close();
});
