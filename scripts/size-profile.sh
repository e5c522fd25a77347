#!/usr/bin/env bash
# Where the app's WebAssembly bytes go (issue 13): builds the app's wasm in release with its
# function names (before wasm-bindgen and wasm-opt), and sums twiggy's per-function sizes by
# crate, then lists the largest functions. A measurement, not a test.
#   scripts/size-profile.sh [TOP]     # default: the 30 largest functions
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
ensure_wasm_target
ensure_twiggy
top="${1:-30}"
# The profile the app ships with (index.html: data-cargo-profile-release).
cargo build --quiet --profile wasm-release --target wasm32-unknown-unknown -p app
wasm=target/wasm32-unknown-unknown/wasm-release/app.wasm
mkdir -p target/size
twiggy top -n 1000000 -f csv "$wasm" > target/size/top.csv
python3 - "$top" <<'PY'
import csv, re, sys, collections
top = int(sys.argv[1])
rows = list(csv.DictReader(open("target/size/top.csv")))
by_crate = collections.Counter()
total = 0
def crate(name):
    if name.startswith('data segment'):
        return "(data: strings, tables)"
    if name.startswith(('custom section', 'import ', 'export ', 'table', 'elem', 'type[', 'wasm magic', '"')):
        return "(other sections)"
    path = r"[<&\s(\[]*(?:mut )?(?:impl )?(?:dyn )?\*?(?:const |mut )?([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::"
    m = re.match(path, name)
    if not m and " as " in name:
        m = re.match(path, name.split(" as ", 1)[1])
    if not m and re.match(r"<(str|char|f64|f32|u8|i32|u32|u64|usize|bool|\[)", name):
        return "core"
    return m.group(1) if m else "(other)"
# The names section is what this profile reads, and wasm-bindgen takes its own section out:
# the shipped wasm has neither.
# wasm-bindgen's describe functions and their exports go too.
gone = ('"function names"', "custom section '__wasm_bindgen_unstable'", 'export "__wbindgen_describe', "__wbindgen_describe")
rows = [r for r in rows if not r["Name"].startswith(gone) and "WasmDescribe>::describe" not in r["Name"]]
for r in rows:
    size = int(r["ShallowSize"])
    total += size
    by_crate[crate(r["Name"])] += size
print(f"{total:>9}  bytes of code and data (no names section), before wasm-bindgen and wasm-opt\n")
for name, size in by_crate.most_common(20):
    print(f"{size:>9}  {100 * size / total:5.1f} %  {name}")
print(f"\nthe {top} largest functions:")
funcs = [r for r in rows if not crate(r["Name"]).startswith("(")]
for r in sorted(funcs, key=lambda r: -int(r["ShallowSize"]))[:top]:
    print(f"{int(r['ShallowSize']):>9}  {re.sub(r'::h[0-9a-f]{16}$', '', r['Name'])[:120]}")
PY
