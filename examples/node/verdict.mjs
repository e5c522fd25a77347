// The lean path from Node: a policy loaded once, a verdict per change. Run after the package is
// built (see evaluate.mjs):  node examples/node/verdict.mjs
// It also replays the clinical case corpus through both paths of the handle (a whole answers
// object per call, and answers set field by field as a form does) and stops at the first
// verdict that differs from `evaluate`'s, so it doubles as the JS side's agreement test.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const precheck = require(process.env.PRECHECK_PKG ?? '../../target/pkg-node/precheck_wasm.js');

function result(reply) {
  if (reply.type !== 'success') {
    throw new Error(reply.errors.map((e) => `${e.kind}: ${e.message}`).join('; '));
  }
  return reply.result;
}

// Load once, with the options every verdict of this screen shares.
const screen = result(precheck.load('CPCT.MNG.ABECMA', { as_of: '2026-11-22' }));
const v = result(screen.verdict({ diagnosis: 'multiple_myeloma', birth_date: '1958-04-12' }));
console.log(`${v.policy.id} (reviewed ${v.policy.last_review}) as of ${v.as_of}: ${v.outcome}; next: ${v.missing.slice(0, 3).join(', ')}`);
if (v.outcome !== 'incomplete' || !v.caveat) throw new Error(`unexpected verdict: ${JSON.stringify(v)}`);

// A form sets one field at a time; `verdict()` without answers reads what was set.
screen.clearAnswers();
const refused = result(screen.setAnswer('birth_date', '1958-02-30'));
if (refused[0]?.kind !== 'bad_date') throw new Error(`the bad date should be refused: ${JSON.stringify(refused)}`);
if (result(screen.verdict()).errors[0]?.question !== 'birth_date') throw new Error('the refusal is in the verdict');
result(screen.setAnswer('birth_date', '1958-04-12'));
if (result(screen.verdict()).errors.length !== 0) throw new Error('a corrected answer clears its refusal');
// Nothing throws: a call that cannot be answered is a failure reply.
if (screen.verdict('not an object').type !== 'failure') throw new Error('answers must be an object');
if (precheck.load('NO.SUCH.POLICY', { as_of: '2026-11-22' }).type !== 'failure') throw new Error('unknown policy');
if (precheck.load('CPCT.MNG.ABECMA', {}).type !== 'failure') throw new Error('as_of is required');
if (!Object.isFrozen(v.policy)) throw new Error('the policy block is shared by every verdict, so it is frozen');

// Every corpus case, through both paths, against `evaluate`.
const cases = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tests', 'cases');
let compared = 0;
for (const name of readdirSync(cases).filter((f) => f.endsWith('.json')).sort()) {
  const file = JSON.parse(readFileSync(join(cases, name), 'utf8'));
  for (const c of file.cases) {
    const options = { as_of: c.as_of, ...(c.line_of_business ? { line_of_business: c.line_of_business } : {}) };
    const full = result(precheck.evaluate(file.policy, c.answers, options));
    const handle = result(precheck.load(file.policy, options));
    const whole = result(handle.verdict(c.answers));
    const held = result(precheck.load(file.policy, options));
    for (const [k, value] of Object.entries(c.answers)) held.setAnswer(k, value);
    const byField = result(held.verdict());
    for (const [path, lean] of [['whole', whole], ['field by field', byField]]) {
      for (const key of ['outcome', 'failed', 'missing', 'relevant', 'refer_to', 'errors', 'as_of', 'caveat']) {
        if (JSON.stringify(lean[key]) !== JSON.stringify(full[key])) {
          throw new Error(`${file.policy} "${c.name}" (${path}): ${key} ${JSON.stringify(lean[key])} != ${JSON.stringify(full[key])}`);
        }
      }
      if (lean.policy.id !== full.policy.id || lean.policy.last_review !== full.policy.last_review) throw new Error('policy');
    }
    handle.free();
    held.free();
    compared += 1;
  }
}
console.log(`the lean verdict agrees with evaluate on all ${compared} corpus cases, both ways`);
