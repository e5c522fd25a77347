// The benchmark itself, shared by Node (node.mjs) and Chromium (browser.js): the same
// variants, the same timing loop, the same table. It reads no files and no clock of its own;
// the caller passes the engine, json-logic-js, the answer sets and a `now()` in milliseconds.

/** Timing defaults; BENCH_SAMPLES / BENCH_BATCH_MS / BENCH_WARMUP_MS override them. */
export const DEFAULTS = { samples: 25, batchMs: 10, warmupMs: 300 };

// Results land here so that no engine call can be optimised away as dead code.
let sink = 0;
export function sinkValue() {
  return sink;
}

/** json-logic-js over a policy export, as a caller would run it for a verdict: a section's
 *  criteria only where the section applies; a `deny` section that applies is never met. */
export function jsonLogicVerdicts(jsonLogic, rules, data) {
  const out = [];
  for (const s of rules.sections) {
    const applies = jsonLogic.truthy(jsonLogic.apply(s.applies, data));
    const met = applies && s.effect === 'criteria' && jsonLogic.truthy(jsonLogic.apply(s.criteria, data));
    out.push({ id: s.id, applies, met });
  }
  return out;
}

/** The outcome the policy format's rules give for two-valued section verdicts. */
export function jsonLogicOutcome(verdicts) {
  if (verdicts.some((v) => v.applies && !v.met)) return 'does_not_meet';
  if (verdicts.some((v) => v.met)) return 'meets';
  return 'does_not_meet';
}

/** Every rule of every section, whether or not the section applies. */
function jsonLogicAllRules(jsonLogic, rules, data) {
  let n = 0;
  for (const s of rules.sections) {
    if (jsonLogic.truthy(jsonLogic.apply(s.applies, data))) n += 1;
    if (jsonLogic.truthy(jsonLogic.apply(s.criteria, data))) n += 2;
  }
  return n;
}

export function optionsOf(set) {
  return { as_of: set.asOf, ...(set.lineOfBusiness ? { line_of_business: set.lineOfBusiness } : {}) };
}

/** The variants timed for one policy and answer set. Inputs are prepared here, once. */
export function variants(engine, jsonLogic, policy, set) {
  const options = optionsOf(set);
  const explain = { ...options, explain: true };
  const answersJson = JSON.stringify(set.answers);
  const optionsJson = JSON.stringify(options);
  const rules = engine.exportJsonLogic(policy).result;
  const data = engine.jsonLogicData(policy, set.answers, options).result;
  // The lean path: a handle loaded once; `verdict(answers)` reads the whole object each call,
  // `verdict()` evaluates the answers a form has set on it field by field.
  const handle = engine.load(policy, options).result;
  const held = engine.load(policy, options).result;
  for (const [k, v] of Object.entries(set.answers)) held.setAnswer(k, v);
  return {
    oursVerdict: () => {
      sink += handle.verdict(set.answers).result.outcome.length;
    },
    oursVerdictHeld: () => {
      sink += held.verdict().result.outcome.length;
    },
    oursSummary: () => {
      sink += engine.evaluate(policy, set.answers, options).result.outcome.length;
    },
    oursExplain: () => {
      sink += engine.evaluate(policy, set.answers, explain).result.sections.length;
    },
    oursJson: () => {
      sink += engine.evaluateJson(policy, answersJson, optionsJson).length;
    },
    jsonLogic: () => {
      sink += jsonLogicVerdicts(jsonLogic, rules, data).length;
    },
    jsonLogicAll: () => {
      sink += jsonLogicAllRules(jsonLogic, rules, data);
    },
  };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Iterations that take about `ms` milliseconds. */
function calibrate(fn, ms, now) {
  let n = 1;
  for (;;) {
    const t0 = now();
    for (let i = 0; i < n; i++) fn();
    const dt = now() - t0;
    if (dt >= ms / 4 || n >= 1 << 24) return Math.max(1, Math.ceil((n * ms) / Math.max(dt, 1e-3)));
    n *= 2;
  }
}

/**
 * Times every variant: warm-up, then `samples` rounds in which each variant runs one batch of
 * about `batchMs` (rounds interleave the variants so that drift hits all of them alike).
 * Returns per variant the median µs per evaluation and the spread of the middle half.
 */
export function measure(fns, opts, now) {
  const names = Object.keys(fns);
  const iters = {};
  for (const name of names) {
    const t0 = now();
    while (now() - t0 < opts.warmupMs) fns[name]();
    iters[name] = calibrate(fns[name], opts.batchMs, now);
  }
  const per = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < opts.samples; r++) {
    for (const name of names) {
      const fn = fns[name];
      const n = iters[name];
      const t0 = now();
      for (let i = 0; i < n; i++) fn();
      per[name].push(((now() - t0) * 1000) / n);
    }
  }
  const out = {};
  for (const name of names) {
    const xs = [...per[name]].sort((a, b) => a - b);
    const q = (p) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
    out[name] = { us: median(xs), p25: q(0.25), p75: q(0.75), iterations: iters[name], samples: xs.length };
  }
  return out;
}

/** The whole benchmark: every policy and answer set, each variant timed. */
export function run(engine, jsonLogic, sets, opts, now, log = () => {}) {
  const rows = [];
  for (const set of sets) {
    const fns = variants(engine, jsonLogic, set.policy, set);
    const t = measure(fns, opts, now);
    const row = {
      policy: set.policy,
      set: set.name,
      answers: Object.keys(set.answers).length,
      outcome: engine.evaluate(set.policy, set.answers, optionsOf(set)).result.outcome,
      us: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v.us])),
      spread: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, [v.p25, v.p75]])),
      iterations: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v.iterations])),
    };
    // What json-logic-js concludes on this set (two-valued: an unanswered question reads as false).
    const data = engine.jsonLogicData(set.policy, set.answers, optionsOf(set)).result;
    row.jsonLogicOutcome = jsonLogicOutcome(jsonLogicVerdicts(jsonLogic, engine.exportJsonLogic(set.policy).result, data));
    // Ratios are ours / json-logic-js: below 1 is faster; the lean verdict's speed-up is 1 / ratio.
    row.ratio = {
      verdict: row.us.oursVerdict / row.us.jsonLogic,
      verdictHeld: row.us.oursVerdictHeld / row.us.jsonLogic,
      summary: row.us.oursSummary / row.us.jsonLogic,
      explain: row.us.oursExplain / row.us.jsonLogic,
      json: row.us.oursJson / row.us.jsonLogic,
    };
    const lean = engine.load(set.policy, optionsOf(set)).result.verdict(set.answers).result;
    const full = engine.evaluate(set.policy, set.answers, optionsOf(set)).result;
    row.leanAgrees = ['outcome', 'failed', 'missing', 'relevant'].every((k) => JSON.stringify(lean[k]) === JSON.stringify(full[k]));
    log(`${set.policy} ${set.name}: lean verdict ${row.us.oursVerdict.toFixed(2)} µs, json-logic-js ${row.us.jsonLogic.toFixed(2)} µs`);
    rows.push(row);
  }
  return rows;
}

const f = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const r = (x) => `${x.toFixed(1)}×`;

/** A Markdown table of the rows, µs per evaluation (medians) and ratios to json-logic-js. */
export function table(rows) {
  const head = [
    '| policy | answers | outcome (ours / json-logic-js) | lean verdict µs | lean, answers held µs | summary µs | explain µs | JSON µs | json-logic-js µs | jl all rules µs | jl / lean | jl / held | summary / jl | explain / jl | JSON / jl |',
    '|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  const lines = rows.map(
    (x) =>
      `| ${x.policy} | ${x.set} (${x.answers}) | ${x.outcome} / ${x.jsonLogicOutcome}${x.leanAgrees ? '' : ' (lean differs!)'} | ${f(x.us.oursVerdict)} | ${f(x.us.oursVerdictHeld)} | ${f(x.us.oursSummary)} | ${f(x.us.oursExplain)} | ${f(x.us.oursJson)} | ${f(x.us.jsonLogic)} | ${f(x.us.jsonLogicAll)} | ${r(1 / x.ratio.verdict)} | ${r(1 / x.ratio.verdictHeld)} | ${r(x.ratio.summary)} | ${r(x.ratio.explain)} | ${r(x.ratio.json)} |`,
  );
  return [...head, ...lines].join('\n');
}

/** The widest interquartile range relative to its median, to judge how stable a run was. */
export function widestSpread(rows) {
  let worst = { rel: 0 };
  for (const x of rows) {
    for (const [variant, [p25, p75]] of Object.entries(x.spread)) {
      const rel = (p75 - p25) / x.us[variant];
      if (rel > worst.rel) worst = { rel, policy: x.policy, set: x.set, variant };
    }
  }
  return `widest interquartile range: ${(worst.rel * 100).toFixed(1)}% of its median (${worst.policy} ${worst.set}, ${worst.variant})`;
}

/**
 * The answer sets for one corpus file: complete (the first `meets` case), partial (the first
 * half of its answers, in the case's order) and empty.
 */
export function answerSets(file) {
  const meets = file.cases.find((c) => c.outcome === 'meets');
  if (!meets) return [];
  const keys = Object.keys(meets.answers);
  const half = Object.fromEntries(keys.slice(0, Math.floor(keys.length / 2)).map((k) => [k, meets.answers[k]]));
  const base = { policy: file.policy, asOf: meets.as_of, lineOfBusiness: meets.line_of_business, caseName: meets.name };
  return [
    { ...base, name: 'complete', answers: meets.answers },
    { ...base, name: 'partial', answers: half },
    { ...base, name: 'empty', answers: {} },
  ];
}
