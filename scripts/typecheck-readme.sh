#!/usr/bin/env bash
# Compiles the README's TypeScript example with `tsc --strict` against the npm package's
# declarations, so that the README cannot show an API the package does not have.
# Usage: scripts/typecheck-readme.sh PACKAGE_DIR (a `wasm-pack build` output).
set -euo pipefail
cd "$(dirname "$0")/.."
pkg="$(cd "$1" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The fenced `ts` block after the marker.
awk '/<!-- typescript-example/ {found=1; next} found && /^```ts/ {inside=1; next} inside && /^```/ {exit} inside {print}' README.md > "$work/example.ts"
if [ ! -s "$work/example.ts" ]; then
    echo "no TypeScript example found in README.md" >&2
    exit 1
fi
mkdir -p "$work/node_modules"
ln -s "$pkg" "$work/node_modules/precheck-wasm"
cat > "$work/tsconfig.json" <<JSON
{
  "compilerOptions": {
    "strict": true, "noEmit": true, "target": "es2020", "module": "nodenext",
    "moduleResolution": "nodenext", "types": [], "lib": ["es2020", "esnext.disposable", "dom"]
  },
  "files": ["example.ts"]
}
JSON
"$PWD/tests/journeys/node_modules/.bin/tsc" -p "$work/tsconfig.json"
echo "README TypeScript example: compiles against $(basename "$pkg")/precheck_wasm.d.ts"
