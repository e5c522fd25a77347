#!/usr/bin/env bash
# Completes the npm package wasm-pack built (usage: scripts/npm-package.sh target/pkg-node):
# adds the `precheck-library` command (crates/bindings/npm/precheck-library.cjs) and its
# `bin` entry, which wasm-pack has no setting for. Run after every `wasm-pack build --target nodejs`.
set -euo pipefail
pkg="${1:?usage: scripts/npm-package.sh PACKAGE_DIR}"
cd "$(dirname "$0")/.."
cp crates/bindings/npm/precheck-library.cjs "$pkg/"
chmod +x "$pkg/precheck-library.cjs"
node - "$pkg/package.json" <<'JS'
const fs = require('node:fs');
const file = process.argv[2];
const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
pkg.bin = { 'precheck-library': 'precheck-library.cjs' };
pkg.files = [...new Set([...(pkg.files ?? []), 'precheck-library.cjs'])];
fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
JS
