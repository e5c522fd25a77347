#!/usr/bin/env bash
# Lighthouse on the built app (issue 13's measure of first paint): mobile preset (simulated slow
# 4G and a 4x slower CPU), Debian's Chromium, dist/ served locally by the journeys' static
# server. Prints performance, accessibility and best-practices scores and the paint timings;
# the whole report goes to target/lighthouse/. A measurement, never a test: run it by hand.
#   scripts/lighthouse.sh [RUNS]    # default 3 runs; build first with ./scripts/serve or build_app
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
ensure_lighthouse
runs="${1:-3}"
[ -f dist/index.html ] || { echo "error: dist/ is not built (./scripts/serve builds it)" >&2; exit 2; }
mkdir -p target/lighthouse
port=8765
node tests/journeys/server.mjs dist "$port" >/dev/null &
server=$!
trap 'kill $server' EXIT
sleep 1
for i in $(seq 1 "$runs"); do
    CHROME_PATH="$(command -v chromium)" "$LIGHTHOUSE" "http://127.0.0.1:$port/" \
        --quiet --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
        --only-categories=performance,accessibility,best-practices \
        --output=json --output-path="target/lighthouse/run-$i.json"
    node -e '
      const r = require(process.argv[1]);
      const a = (id) => r.audits[id].numericValue;
      const c = r.categories;
      console.log(`run ${process.argv[2]}: performance ${c.performance.score}, accessibility ${c.accessibility.score}, best practices ${c["best-practices"].score}; ` +
        `FCP ${(a("first-contentful-paint") / 1000).toFixed(1)} s, LCP ${(a("largest-contentful-paint") / 1000).toFixed(1)} s, ` +
        `TTI ${(a("interactive") / 1000).toFixed(1)} s, TBT ${Math.round(a("total-blocking-time"))} ms (Lighthouse ${r.lighthouseVersion})`);
    ' "$PWD/target/lighthouse/run-$i.json" "$i"
done
