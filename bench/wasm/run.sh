#!/usr/bin/env bash
# Builds Precheck's JS API package twice (wasm-pack: `--target nodejs` and `--target web`) and
# runs the WebAssembly benchmark against json-logic-js in Node and in headless Chromium.
# Results: Markdown tables on stdout, JSON in target/bench/wasm-node.json and wasm-chromium.json.
# BENCH_SAMPLES, BENCH_BATCH_MS and BENCH_WARMUP_MS tune the timing (see harness.js).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/tools.sh

ensure_wasm_target
ensure_wasm_bindgen
ensure_wasm_pack
ensure_wasm_opt
ensure_chromium
ensure_node
if [ ! -d bench/wasm/node_modules/json-logic-js ] || [ ! -d bench/wasm/node_modules/playwright-core ]; then
    say "installing the benchmark packages (json-logic-js, playwright-core)"
    (cd bench/wasm && npm ci --no-audit --no-fund --silent)
fi

# `--mode no-install`: wasm-pack uses the wasm-bindgen and wasm-opt on PATH, never downloads.
for target in nodejs web; do
    out=$([ "$target" = nodejs ] && echo pkg-node || echo pkg-web)
    say "building the JS API package for $target (target/$out)"
    wasm-pack build --mode no-install --release --target "$target" crates/bindings --out-dir "../../target/$out"
done

say "benchmark in Node"
node bench/wasm/node.mjs
say "benchmark in headless Chromium"
node bench/wasm/browser-run.mjs
say "prefill benchmark in Node and in headless Chromium"
node bench/wasm/prefill.mjs
