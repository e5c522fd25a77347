// Precheck from Node, through the npm package that `wasm-pack build` makes of crates/bindings:
//   wasm-pack build --release --target nodejs crates/bindings --out-dir ../../target/pkg-node
//   node examples/node/evaluate.mjs
// The same API works in a browser page with `--target web`. Every function returns a reply,
// `{type: 'success', result}` or `{type: 'failure', errors}`; keys are snake_case.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const precheck = require(process.env.PRECHECK_PKG ?? '../../target/pkg-node/precheck_wasm.js');

/** The result of a reply, or stop with its errors. */
function result(reply) {
  if (reply.type !== 'success') {
    throw new Error(reply.errors.map((e) => `${e.kind}: ${e.message}`).join('; '));
  }
  return reply.result;
}

// Which policy covers a code, and what it asks.
const [hit] = result(precheck.lookupCode('Q2055'));
const questions = result(precheck.getQuestions(hit.policy));
console.log(`${hit.code} -> ${hit.policy}: ${questions.length} questions, first: ${questions[0].id}`);

// Evaluate answers; the as-of date is an input (the engine reads no clock).
const r = result(precheck.evaluate(hit.policy, {
  diagnosis: 'multiple_myeloma',
  birth_date: '1958-04-12',
  myeloma_status: 'progressed',
  prior_lines: [
    { drugs: ['bortezomib', 'lenalidomide', 'dexamethasone'], start: '2024-03-01' },
    { drugs: ['daratumumab', 'pomalidomide', 'dexamethasone'], start: '2025-06-15' },
  ],
  prior_car_t_products: [],
}, { as_of: '2026-11-22' }));
console.log(`outcome: ${r.outcome}; still needed: ${r.missing.join(', ')}`);
if (r.outcome !== 'incomplete' || r.missing.join() !== 'setting') {
  throw new Error(`unexpected result: ${JSON.stringify(r)}`);
}

// A bad answer is reported by field; the others still count.
const bad = result(precheck.evaluate(hit.policy, { diagnosis: 'multiple_myeloma', birth_date: '1958-02-30' }, { as_of: '2026-11-22' }));
console.log(`errors: ${bad.errors.map((e) => `${e.question} (${e.kind}) ${e.message}`).join('; ')}`);
if (bad.errors[0]?.question !== 'birth_date' || bad.errors[0]?.kind !== 'bad_date') throw new Error('the bad date should be named');

// A call that cannot be answered is a failure reply, never an exception.
const refused = precheck.evaluate('NO.SUCH.POLICY', {}, { as_of: '2026-11-22' });
if (refused.type !== 'failure' || refused.errors[0].kind !== 'unknown_policy') throw new Error('an unknown policy is a failure reply');
console.log(`unknown policy: ${refused.errors[0].message}`);
