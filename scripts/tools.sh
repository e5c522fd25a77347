# Installs what Precheck's scripts need, skipping whatever is already there at the right
# version. Sourced by scripts/test and scripts/precheck; safe to source twice.
# Only crates.io, npm and Debian's packages are reached: no tool downloads its own binaries.

set -euo pipefail

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# The wasm-bindgen version in Cargo.lock: the CLI must match it exactly.
wasm_bindgen_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_wasm_target() {
    if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
        say "adding the wasm32-unknown-unknown target"
        rustup target add wasm32-unknown-unknown
    fi
}

ensure_wasm_bindgen() {
    local want
    want=$(wasm_bindgen_version)
    if [ -z "$want" ]; then
        say "Cargo.lock names no wasm-bindgen; skipping wasm-bindgen-cli"
        return
    fi
    if ! command -v wasm-bindgen >/dev/null || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$want" ]; then
        say "installing wasm-bindgen-cli $want (about 5 minutes on 2 cores)"
        cargo install --force "wasm-bindgen-cli@$want"
    fi
}

ensure_wasm_pack() {
    if ! command -v wasm-pack >/dev/null; then
        say "installing wasm-pack (a few minutes)"
        cargo install wasm-pack@0.15.1
    fi
}

ensure_chromium() {
    if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
        return
    fi
    say "installing Debian's chromium and chromium-driver"
    local sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
}

ensure_node() {
    if ! command -v node >/dev/null; then
        say "installing Node.js from Debian"
        local sudo=""
        if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs npm >/dev/null
    fi
}

ensure_trunk() {
    if ! command -v trunk >/dev/null || [ "$(trunk --version | awk '{print $2}')" != "0.21.14" ]; then
        say "installing trunk 0.21.14 (about 12 minutes on 2 cores; newer versions need a newer rustc)"
        cargo install --locked trunk@0.21.14
    fi
}

# wasm-opt from npm's binaryen (run by Node), in the git-ignored .tools/ folder.
ensure_wasm_opt() {
    ensure_node
    local bin="$PWD/.tools/node_modules/.bin"
    if [ ! -x "$bin/wasm-opt" ] || ! "$bin/wasm-opt" --version 2>/dev/null | grep -q "version 132"; then
        say "installing wasm-opt (npm binaryen@132)"
        mkdir -p .tools
        [ -f .tools/package.json ] || echo '{"private": true}' > .tools/package.json
        (cd .tools && npm install --no-audit --no-fund --silent binaryen@132)
    fi
    export PATH="$bin:$PATH"
}

# terser (npm, pinned), which web/postbuild.py runs over wasm-bindgen's JavaScript glue.
ensure_minifier() {
    ensure_node
    local bin="$PWD/.tools/node_modules/.bin"
    if [ ! -x "$bin/terser" ] || [ "$("$bin/terser" --version 2>/dev/null)" != "terser 5.51.4" ]; then
        say "installing terser 5.51.4 (npm), the JavaScript minifier of the app's build"
        mkdir -p .tools
        [ -f .tools/package.json ] || echo '{"private": true}' > .tools/package.json
        (cd .tools && npm install --no-audit --no-fund --silent --save-exact terser@5.51.4)
    fi
}

ensure_journey_deps() {
    ensure_node
    if [ ! -d tests/journeys/node_modules/playwright-core ] || [ ! -d tests/journeys/node_modules/axe-core ] || [ ! -d tests/journeys/node_modules/typescript ]; then
        say "installing the journey test packages (playwright-core, axe-core, typescript)"
        (cd tests/journeys && npm ci --no-audit --no-fund --silent)
    fi
}

# twiggy (crates.io, pinned), for scripts/size-profile.sh: where the WebAssembly's bytes go.
ensure_twiggy() {
    if ! command -v twiggy >/dev/null || [ "$(twiggy --version 2>/dev/null)" != "twiggy-opt 0.8.0" ]; then
        say "installing twiggy 0.8.0 (a few minutes)"
        cargo install --locked twiggy --version 0.8.0
    fi
}

# Lighthouse (npm `lighthouse`, pinned), for scripts/lighthouse.sh: in .tools/, driving
# Debian's Chromium (it downloads no browser of its own).
LIGHTHOUSE_VERSION=12.8.2
ensure_lighthouse() {
    ensure_node
    ensure_chromium
    local dir="$PWD/.tools/lighthouse-$LIGHTHOUSE_VERSION"
    if [ ! -x "$dir/node_modules/.bin/lighthouse" ]; then
        say "installing Lighthouse $LIGHTHOUSE_VERSION (npm) into .tools/"
        mkdir -p "$dir"
        # A package of its own, so that npm installs here and not into a parent folder's.
        [ -f "$dir/package.json" ] || echo '{"private": true}' > "$dir/package.json"
        (cd "$dir" && npm install --no-audit --no-fund --silent "lighthouse@$LIGHTHOUSE_VERSION")
    fi
    LIGHTHOUSE="$dir/node_modules/.bin/lighthouse"
}

# LHC-Forms (npm `lforms`), the SDC form renderer the FHIR journey loads the exported
# Questionnaires into: its prebuilt files only, from `npm pack` (a full `npm install` of it
# resolves for a very long time), in the git-ignored .tools/ folder.
LFORMS_VERSION=40.1.3
ensure_lforms() {
    ensure_node
    local dir="$PWD/.tools/lforms-$LFORMS_VERSION"
    if [ ! -f "$dir/package/dist/lforms/webcomponent/main.js" ]; then
        say "unpacking LHC-Forms $LFORMS_VERSION (npm pack lforms)"
        rm -rf "$dir"
        mkdir -p "$dir"
        (cd "$dir" && npm pack --silent "lforms@$LFORMS_VERSION" >/dev/null && tar xzf "lforms-$LFORMS_VERSION.tgz" && rm "lforms-$LFORMS_VERSION.tgz")
    fi
    export LFORMS_DIR="$dir/package/dist/lforms"
}

# Builds the app into dist/ with the installed tools; Trunk must not download its own.
build_app() {
    ensure_wasm_target
    ensure_wasm_bindgen
    ensure_trunk
    ensure_wasm_opt
    ensure_minifier
    say "building the app (trunk build --release --offline)"
    trunk build --release --offline
    # The authoring page, a bundle of its own beside the app (after it: the app's build
    # empties dist/).
    say "building the authoring page (trunk build author.html into dist/author)"
    trunk build --release --offline=true --dist dist/author author.html
    # The policy library beside it, as a portal team updates it: every file validated, the
    # manifest written, the service worker renewed.
    say "the policy library's manifest (precheck library build dist/policies)"
    cargo run --quiet -p precheck -- library build dist/policies
}

ensure_cargo_fuzz() {
    if ! command -v cargo-fuzz >/dev/null; then
        say "installing cargo-fuzz (a few minutes)"
        cargo install cargo-fuzz
    fi
}

# A fuzz session of FUZZ_SECONDS per target (policy parser, answers parser, batch reader),
# seeded from the project's own data. Needs the nightly toolchain (sanitizers).
fuzz_session() {
    local seconds="${1:-20}"
    if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
        say "WARNING: no nightly toolchain on this machine; the fuzz session is skipped"
        return
    fi
    ensure_cargo_fuzz
    python3 fuzz/seed.py
    for target in policy answers batch; do
        mkdir -p "fuzz/corpus/$target"
        say "fuzzing $target for ${seconds}s"
        cargo +nightly fuzz run "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
            -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1
    done
}

# fhir.resources (PyPI) in a venv in the git-ignored .tools/ folder, for scripts/fhir-check.py.
ensure_fhir_resources() {
    local venv="$PWD/.tools/fhir-venv"
    if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import fhir.resources.R4B' 2>/dev/null; then
        say "installing fhir.resources (PyPI) into .tools/fhir-venv"
        mkdir -p .tools
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet --disable-pip-version-check fhir.resources
    fi
}

# Exports the FHIR Questionnaire of every policy, and a QuestionnaireResponse to the first case
# of each policy's corpus file, into target/fhir/, and validates them all with fhir.resources.
# The published code tables that policy mappings are checked against
# (scripts/codes/check-codes.py): ICD-10-CM from the CDC's release, as simple-icd-10-cm ships it.
SIMPLE_ICD_10_CM_VERSION=1.5.0
ensure_code_tables() {
    ensure_fhir_resources
    local venv="$PWD/.tools/fhir-venv"
    if ! "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('simple-icd-10-cm') != '$SIMPLE_ICD_10_CM_VERSION')" 2>/dev/null; then
        say "installing simple-icd-10-cm $SIMPLE_ICD_10_CM_VERSION (PyPI, the CDC's ICD-10-CM tables) into .tools/fhir-venv"
        "$venv/bin/pip" install --quiet --disable-pip-version-check "simple-icd-10-cm==$SIMPLE_ICD_10_CM_VERSION"
    fi
}
code_check() {
    ensure_code_tables
    .tools/fhir-venv/bin/python scripts/codes/check-codes.py crates/policies/data/*.json
}
fhir_check() {
    ensure_fhir_resources
    local out=target/fhir
    rm -rf "$out"
    mkdir -p "$out"
    cargo build --quiet -p precheck
    local precheck=(cargo run --quiet -p precheck --)
    local cases name listing
    local -a args
    for cases in tests/cases/*.json; do
        name=$(basename "$cases" .json)
        # The case's answers to a file, and the policy, as-of date and line of business as
        # arguments, one a line.
        listing=$(python3 - "$cases" "$out/$name-answers.json" <<'PY'
import json, sys
corpus = json.load(open(sys.argv[1], encoding="utf-8"))
case = corpus["cases"][0]
json.dump(case["answers"], open(sys.argv[2], "w", encoding="utf-8"))
print(corpus["policy"], "--answers", sys.argv[2], "--as-of", case["as_of"], sep="\n")
if case.get("line_of_business"):
    print("--line-of-business", case["line_of_business"], sep="\n")
PY
        )
        mapfile -t args <<<"$listing"
        "${precheck[@]}" fhir questionnaire "${args[0]}" >"$out/$name-questionnaire.json"
        "${precheck[@]}" fhir response "${args[@]}" >"$out/$name-response.json"
    done
    # Responses filled from a synthetic patient's record, each answer marked with its origin
    # (Da Vinci DTR information-origin).
    local patient policy
    for patient in tests/patients/*/*-meets.json; do
        name=$(basename "$(dirname "$patient")")
        policy=$(python3 - "$patient" "$out/$name-record.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
json.dump(doc["record"], open(sys.argv[2], "w", encoding="utf-8"))
print(doc["policy"])
PY
        )
        "${precheck[@]}" prefill "$policy" --bundle "$out/$name-record.json" --as-of 2026-11-22 >"$out/$name-prefill.json"
        python3 - "$patient" "$out/$name-prefill.json" "$out/$name-filled-answers.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
answers = json.load(open(sys.argv[2], encoding="utf-8"))["answers"]
for q in doc["confirm_complete"]:
    if isinstance(answers.get(q), dict) and "partial" in answers[q]:
        answers[q] = answers[q]["partial"]
answers.update(doc["typed"])
json.dump(answers, open(sys.argv[3], "w", encoding="utf-8"))
PY
        "${precheck[@]}" fhir response "$policy" --answers "$out/$name-filled-answers.json" \
            --bundle "$out/$name-record.json" --as-of 2026-11-22 >"$out/$name-filled-response.json"
    done
    .tools/fhir-venv/bin/python scripts/fhir-check.py "$out"/*-questionnaire.json "$out"/*-response.json
}
