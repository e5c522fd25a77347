// Precheck's engine through its WebAssembly JS API against json-logic-js running the exported
// rules of the same policies, in one Node process; then the agreement check of the two on the
// clinical case corpus. Build first: bench/wasm/run.sh (or see README.md here).
//
//   node bench/wasm/node.mjs            # table on stdout, JSON in target/bench/wasm-node.json
//   BENCH_SAMPLES=9 node bench/wasm/node.mjs   # a quicker, noisier run
import { readFileSync, readdirSync, mkdirSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import jsonLogic from 'json-logic-js';

import { DEFAULTS, answerSets, jsonLogicOutcome, jsonLogicVerdicts, optionsOf, run, sinkValue, table, widestSpread } from './harness.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = join(root, 'target', 'pkg-node', 'precheck_wasm.js');
const { default: engine } = await import(pkg).catch((e) => {
  console.error(`error: cannot load ${pkg} (${e.message}); build it with bench/wasm/run.sh`);
  process.exit(2);
});

const casesDir = join(root, 'tests', 'cases');
const corpus = readdirSync(casesDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(casesDir, f), 'utf8')));

// ---- Agreement: json-logic-js against the engine on the corpus ----

/** Every status in an explained tree, gates included. */
function statuses(node, out = []) {
  out.push(node.status);
  if (node.gate) out.push(node.gate);
  for (const c of node.children ?? []) statuses(c, out);
  return out;
}

/** Whether the engine decided every section and every criterion it evaluated. */
function decided(result) {
  return result.sections.every(
    (s) => s.applies !== 'unknown' && s.status !== 'unknown' && !(s.tree && statuses(s.tree).includes('unknown')),
  );
}

/** The engine's section verdicts in the two-valued terms of the export (null: unknown). */
function ourVerdicts(result) {
  const two = (status) => (status === 'met' ? true : status === 'not_met' ? false : null);
  return result.sections.map((s) => {
    const applies = two(s.applies);
    return { id: s.id, applies, met: applies === false ? false : applies === null ? null : two(s.status) };
  });
}

const rulesOf = new Map();
function compare(policy, answers, options) {
  if (!rulesOf.has(policy)) rulesOf.set(policy, engine.exportJsonLogic(policy).result);
  const ours = engine.evaluate(policy, answers, { ...options, explain: true }).result;
  const jl = jsonLogicVerdicts(jsonLogic, rulesOf.get(policy), engine.jsonLogicData(policy, answers, options).result);
  const mine = ourVerdicts(ours);
  const sections = mine.map((o, i) => ({ id: o.id, ours: o, jl: jl[i] }));
  const sectionDiffs = sections.filter((s) => s.ours.applies !== s.jl.applies || s.ours.met !== s.jl.met);
  return {
    decided: decided(ours),
    outcome: ours.outcome,
    jlOutcome: jsonLogicOutcome(jl),
    sectionDiffs,
    // Sections the engine leaves unknown that json-logic-js decides, by its verdict.
    unknownSections: sections.filter((s) => s.ours.met === null).map((s) => ({ id: s.id, jlMet: s.jl.met })),
  };
}

/** Tallies of one group of cases: complete ones, referrals and partial ones. */
function tally() {
  return {
    complete: { cases: 0, agree: 0, disagreements: [] },
    refer: { cases: 0, sectionsAgree: 0 },
    partial: {
      cases: 0,
      oursIncomplete: 0,
      wrong: 0,
      wrongSaysMeets: 0,
      wrongSaysDoesNotMeet: 0,
      unknownSections: 0,
      unknownSectionsSaidMet: 0,
      unknownSectionsSaidNotMet: 0,
      examples: [],
    },
  };
}

function count(t, policy, name, c) {
  if (c.outcome === 'refer') {
    // json-logic-js has no notion of a referral: only the sections the engine decided compare.
    t.refer.cases += 1;
    if (c.sectionDiffs.every((s) => s.ours.met === null)) t.refer.sectionsAgree += 1;
  } else if (c.decided) {
    t.complete.cases += 1;
    if (c.sectionDiffs.length === 0 && c.jlOutcome === c.outcome) t.complete.agree += 1;
    else t.complete.disagreements.push({ policy, case: name, ours: c.outcome, jsonLogic: c.jlOutcome, sections: c.sectionDiffs });
  } else {
    const p = t.partial;
    p.cases += 1;
    if (c.outcome === 'incomplete') p.oursIncomplete += 1;
    if (c.jlOutcome !== c.outcome) {
      p.wrong += 1;
      if (c.jlOutcome === 'meets') p.wrongSaysMeets += 1;
      else p.wrongSaysDoesNotMeet += 1;
      if (p.examples.length < 5) p.examples.push({ policy, case: name, ours: c.outcome, jsonLogic: c.jlOutcome });
    }
    p.unknownSections += c.unknownSections.length;
    p.unknownSectionsSaidMet += c.unknownSections.filter((s) => s.jlMet).length;
    p.unknownSectionsSaidNotMet += c.unknownSections.filter((s) => !s.jlMet).length;
  }
}

/** The corpus as written, and every case again with only the first half of its answers. */
function agreement() {
  const corpusTally = tally();
  const halves = tally();
  for (const file of corpus) {
    for (const k of file.cases) {
      const options = optionsOf({ asOf: k.as_of, lineOfBusiness: k.line_of_business });
      count(corpusTally, file.policy, k.name, compare(file.policy, k.answers, options));
      const keys = Object.keys(k.answers);
      const half = Object.fromEntries(keys.slice(0, Math.floor(keys.length / 2)).map((q) => [q, k.answers[q]]));
      count(halves, file.policy, `${k.name} (first half of the answers)`, compare(file.policy, half, options));
    }
  }
  return { corpus: corpusTally, halves };
}

function describe(label, t) {
  const c = t.complete;
  const p = t.partial;
  return `${label}:
- complete (meets / does_not_meet, no criterion unknown): json-logic-js agrees on every section verdict and the outcome in ${c.agree} of ${c.cases}
- referrals (decided sections only): ${t.refer.sectionsAgree} of ${t.refer.cases} agree
- partial (some criterion unknown; ${p.oursIncomplete} of ${p.cases} incomplete for the engine): json-logic-js gives a wrong outcome in ${p.wrong} of ${p.cases} (says meets: ${p.wrongSaysMeets}, says does_not_meet: ${p.wrongSaysDoesNotMeet}); of ${p.unknownSections} sections the engine leaves unknown it calls ${p.unknownSectionsSaidMet} met and ${p.unknownSectionsSaidNotMet} not met`;
}

// ---- Benchmark ----

const opts = {
  samples: Number(process.env.BENCH_SAMPLES ?? DEFAULTS.samples),
  batchMs: Number(process.env.BENCH_BATCH_MS ?? DEFAULTS.batchMs),
  warmupMs: Number(process.env.BENCH_WARMUP_MS ?? DEFAULTS.warmupMs),
};

const agree = agreement();
const sets = corpus.flatMap(answerSets);
const rows = run(engine, jsonLogic, sets, opts, () => performance.now(), (line) => console.error(line));

const wasmFile = join(root, 'target', 'pkg-node', 'precheck_wasm_bg.wasm');
const result = {
  runtime: `node ${process.version}`,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  wasmBytes: statSync(wasmFile).size,
  jsonLogicJs: JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'node_modules', 'json-logic-js', 'package.json'), 'utf8')).version,
  options: opts,
  sets: sets.map((s) => ({ policy: s.policy, set: s.name, case: s.caseName, answers: Object.keys(s.answers).length })),
  rows,
  agreement: agree,
  sink: sinkValue(),
};

console.log(`## Precheck (WebAssembly) vs json-logic-js ${result.jsonLogicJs} — ${result.runtime}, ${result.cpu}\n`);
console.log('Median µs per evaluation (lower is better); ratio = ours / json-logic-js.\n');
console.log(table(rows));
console.log(`\n${rows.length} sets, ${opts.samples} samples each; ${widestSpread(rows)}.`);
console.log('\n' + describe('Agreement on the case corpus', agree.corpus));
console.log('\n' + describe('Every corpus case with only the first half of its answers', agree.halves));
for (const [label, t] of Object.entries(agree)) {
  if (t.complete.disagreements.length > 0) {
    console.log(`\nDisagreements on complete cases (${label}):\n` + JSON.stringify(t.complete.disagreements, null, 2));
  }
}

const out = join(root, 'target', 'bench', 'wasm-node.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
console.log(`\nJSON results: ${out}`);
