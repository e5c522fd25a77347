// The prefill through the npm package, in WebAssembly under Node (issue 11): records of 100,
// 10,000 and 100,000 resources, JSON text in, the tagged reply out. Build the package first:
//   wasm-pack build --release --target nodejs crates/bindings --out-dir ../../target/pkg-node
//   node bench/wasm/prefill.mjs
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const p = require(process.env.PRECHECK_PKG ?? '../../target/pkg-node/precheck_wasm.js');
// A record of n resources, as the native benchmark builds it, against Abecma's mappings
// (birth date, diagnosis, prior lines): one patient, a condition every 50, medications and
// observations otherwise.
function record(n) {
  const entry = [{ resource: { resourceType: 'Patient', id: 'p', birthDate: '1958-04-12' } }];
  const day = (i) => new Date(Date.UTC(2026, 10, 22) - (i % 3650) * 86400000).toISOString().slice(0, 10);
  for (let i = 1; i < n; i++) {
    let r;
    if (i % 50 === 0) r = { resourceType: 'Condition', id: `c${i}`, recordedDate: day(i), code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: i % 100 === 0 ? 'C90.00' : 'E11.9' }] } };
    else if (i % 10 === 0) r = { resourceType: 'MedicationStatement', id: `m${i}`, status: 'completed', medicationCodeableConcept: { text: i % 20 === 0 ? 'Velcade' : 'acyclovir' }, effectivePeriod: { start: day(i), end: day(i) } };
    else r = { resourceType: 'Observation', id: `o${i}`, status: 'final', code: { coding: [{ system: 'http://loinc.org', code: 'X' }] }, effectiveDateTime: `${day(i)}T08:00:00Z`, valueQuantity: { value: 1.2, unit: 'g/dL' } };
    entry.push({ resource: r });
  }
  return JSON.stringify({ resourceType: 'Bundle', type: 'searchset', entry });
}
for (const n of [100, 10000, 100000]) {
  const text = record(n);
  const reply = p.prefill('CPCT.MNG.ABECMA', text, { as_of: '2026-11-22' });
  if (reply.type !== 'success') throw new Error(JSON.stringify(reply));
  const reps = n >= 100000 ? 3 : n >= 10000 ? 10 : 200;
  let best = Infinity;
  for (let s = 0; s < 3; s++) { const t = performance.now(); for (let i = 0; i < reps; i++) p.prefill('CPCT.MNG.ABECMA', text, { as_of: '2026-11-22' }); best = Math.min(best, (performance.now() - t) / reps); }
  console.log(`${n} resources (${(text.length / 1e6).toFixed(1)} MB): ${best.toFixed(2)} ms; ${reply.result.proposals.length} proposals, ${reply.result.ignored.length} set aside`);
}
