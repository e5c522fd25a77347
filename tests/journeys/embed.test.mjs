// Embedding (issue 12): a portal shows Precheck in an <iframe> with ?embed=1&parent=<origin>;
// the app posts the verdict to that one origin on every change (the answers only when asked
// for), and takes answers from it. A page that lies about its origin receives nothing and
// cannot set answers; a portal the deployment does not list cannot even frame the app (the
// CSP's frame-ancestors, written by `precheck deploy`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { root, corpus, ownDeployment, PRECHECK_BIN } from './helpers.mjs';
import { serve } from './server.mjs';

let portalA, portalB, evil;
const origin = (server) => `http://127.0.0.1:${server.address().port}`;

// The app's copy lists two portals; a third page plays an unlisted one.
const site = ownDeployment('embed', async (site) => {
  const pages = join(root, 'tests', 'journeys', 'portal');
  [portalA, portalB, evil] = await Promise.all([serve(pages), serve(pages), serve(pages)]);
  const config = join(site.dir, 'portal.json');
  await writeFile(config, JSON.stringify({ embed: { parents: [origin(portalA), origin(portalB)] } }));
  execFileSync(PRECHECK_BIN, ['deploy', site.dir, '--config', config], { encoding: 'utf8' });
  return [portalA, portalB, evil];
});

async function portal(server, { parent, answers = false, policy = 'CPCT.MNG.ABECMA' }) {
  const context = await site.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const q = new URLSearchParams({ app: site.url, parent, policy, ...(answers ? { answers: '1' } : {}) });
  await page.goto(`${origin(server)}/index.html?${q}`);
  return { context, page, errors, requests, frame: page.frameLocator('#precheck') };
}

const verdicts = (page) => page.evaluate(() => window.received.filter((m) => m.data?.type === 'precheck.verdict'));

test('the portal receives the verdict on every change and sets answers; nothing reaches another origin', async () => {
  const cases = await corpus();
  const meets = cases['CPCT.MNG.ABECMA'].find((c) => c.outcome === 'meets');
  const a = await portal(portalA, { parent: origin(portalA), answers: true });
  await a.frame.locator('.verdict').waitFor();
  await a.page.waitForFunction(() => window.received.some((m) => m.data?.type === 'precheck.verdict'));
  let [first] = await verdicts(a.page);
  assert.equal(first.origin, site.origin);
  assert.equal(first.data.policy.id, 'CPCT.MNG.ABECMA');
  assert.equal(first.data.outcome, 'incomplete');
  assert.ok(first.data.missing.includes('diagnosis'));
  assert.deepEqual(first.data.answers, {});
  assert.match(first.data.caveat, /not a coverage decision/i);
  await a.page.evaluate((answers) => window.sendAnswers(answers), meets.answers);
  await a.page.waitForFunction(() => window.received.some((m) => m.data?.outcome === 'meets'), null, { timeout: 15000 });
  const met = (await verdicts(a.page)).find((m) => m.data.outcome === 'meets');
  assert.ok(met.data.approval?.duration, 'the approval comes with the verdict');
  assert.equal(met.data.as_of.length, 10);
  assert.deepEqual(Object.keys(met.data.answers).sort(), Object.keys(meets.answers).sort());
  assert.equal(await a.frame.locator('.verdict-status [data-outcome]').getAttribute('data-outcome'), 'meets');
  for (const url of a.requests) {
    assert.ok([site.origin, origin(portalA)].includes(new URL(url).origin), `request to ${url}`);
  }
  assert.deepEqual(a.errors, []);
  await a.context.close();

  // Without `answers=1`, the verdict only.
  const b = await portal(portalA, { parent: origin(portalA) });
  await b.page.waitForFunction(() => window.received.some((m) => m.data?.type === 'precheck.verdict'));
  assert.equal((await verdicts(b.page))[0].data.answers, undefined);
  await b.context.close();
});

test('a page that names another portal as parent receives nothing and sets nothing; an unlisted portal cannot frame the app', async () => {
  const cases = await corpus();
  const meets = cases['CPCT.MNG.ABECMA'].find((c) => c.outcome === 'meets');
  const liar = await portal(portalB, { parent: origin(portalA), answers: true });
  await liar.frame.locator('.verdict').waitFor();
  await liar.page.evaluate((answers) => window.sendAnswers(answers), meets.answers);
  await liar.page.waitForTimeout(1500);
  assert.deepEqual(await liar.page.evaluate(() => window.received), [], 'the verdict went to no other origin');
  assert.equal(await liar.frame.locator('.verdict-status [data-outcome]').getAttribute('data-outcome'), 'incomplete', 'its answers were ignored');
  await liar.context.close();

  const outsider = await portal(evil, { parent: origin(evil), answers: true });
  await outsider.page.waitForTimeout(2000);
  assert.equal(await outsider.frame.locator('#policy-search').count(), 0, 'frame-ancestors keeps the app out of an unlisted page');
  assert.deepEqual(await outsider.page.evaluate(() => window.received), []);
  await outsider.context.close();
});
