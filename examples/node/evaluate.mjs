// Precheck from Node, through the npm package that `wasm-pack build` makes of crates/bindings:
//   wasm-pack build --release --target nodejs crates/bindings --out-dir ../../target/pkg-node
//   node examples/node/evaluate.mjs
// The same API works in a browser page with `--target web`.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const precheck = require(process.env.PRECHECK_PKG ?? '../../target/pkg-node/precheck_wasm.js');

// Which policy covers a code, and what it asks.
const [hit] = precheck.lookupCode('Q2055');
const questions = precheck.getQuestions(hit.policy);
console.log(`${hit.code} -> ${hit.policy}: ${questions.length} questions, first: ${questions[0].id}`);

// Evaluate answers; the as-of date is an input (the engine reads no clock).
const result = precheck.evaluate(hit.policy, {
  diagnosis: 'multiple_myeloma',
  birth_date: '1958-04-12',
  myeloma_status: 'progressed',
  prior_lines: [['bortezomib', 'lenalidomide', 'dexamethasone'], ['daratumumab', 'pomalidomide', 'dexamethasone']],
  prior_car_t: false,
}, { asOf: '2026-11-22' });
console.log(`outcome: ${result.outcome}; still needed: ${result.missing.join(', ')}`);
if (result.outcome !== 'incomplete' || result.missing.join() !== 'setting') {
  throw new Error(`unexpected result: ${JSON.stringify(result)}`);
}

// A bad answer is reported by field; the others still count.
const bad = precheck.evaluate(hit.policy, { diagnosis: 'multiple_myeloma', birth_date: '1958-02-30' }, { asOf: '2026-11-22' });
console.log(`errors: ${bad.errors.map((e) => `${e.question} ${e.message}`).join('; ')}`);
if (bad.errors[0]?.question !== 'birth_date') throw new Error('the bad date should be named');
