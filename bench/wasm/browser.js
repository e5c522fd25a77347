// The browser half of the benchmark: loads the `--target web` package and json-logic-js, then
// waits for browser-run.mjs to call `window.runBench(sets, options)` with the answer sets.
import init, * as engine from '/target/pkg-web/precheck_wasm.js';
import { run, sinkValue } from '/bench/wasm/harness.js';
import { measurePrefill } from '/bench/wasm/prefill-records.js';

const status = document.getElementById('status');
try {
  await init();
  window.runBench = (sets, opts) => {
    status.textContent = 'running';
    const rows = run(engine, window.jsonLogic, sets, opts, () => performance.now());
    status.textContent = 'done';
    return { rows, sink: sinkValue(), userAgent: navigator.userAgent, crossOriginIsolated: self.crossOriginIsolated };
  };
  // The prefill benchmark (prefill.mjs): records built here, so that only the call is timed.
  window.runPrefill = () => measurePrefill(engine, () => performance.now());
  status.textContent = 'ready';
} catch (e) {
  status.textContent = `error: ${e}`;
}
