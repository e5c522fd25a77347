// The prefill benchmark's records and its timing loop, shared by Node (prefill.mjs) and the
// browser page (browser.js): records of 100, 10,000 and 100,000 resources against Abecma's
// mappings (birth date, diagnosis, prior lines), as the native benchmark builds them: one
// patient, a condition every 50, medications every 10, observations otherwise.
export function record(n) {
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

/** Best of three batches, in ms per prefill, for each record size; `now` is the clock. */
export function measurePrefill(engine, now, sizes = [100, 10000, 100000]) {
  const rows = [];
  for (const n of sizes) {
    const text = record(n);
    const reply = engine.prefill('CPCT.MNG.ABECMA', text, { as_of: '2026-11-22' });
    if (reply.type !== 'success') throw new Error(JSON.stringify(reply));
    const reps = n >= 100000 ? 3 : n >= 10000 ? 10 : 200;
    let best = Infinity;
    for (let s = 0; s < 3; s++) {
      const t = now();
      for (let i = 0; i < reps; i++) engine.prefill('CPCT.MNG.ABECMA', text, { as_of: '2026-11-22' });
      best = Math.min(best, (now() - t) / reps);
    }
    rows.push({ resources: n, megabytes: text.length / 1e6, ms: best, proposals: reply.result.proposals.length, set_aside: reply.result.ignored.length });
  }
  return rows;
}

export function line(r) {
  return `${r.resources} resources (${r.megabytes.toFixed(1)} MB): ${r.ms.toFixed(2)} ms; ${r.proposals} proposals, ${r.set_aside} set aside`;
}
