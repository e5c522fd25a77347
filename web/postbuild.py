#!/usr/bin/env python3
"""Trunk post-build step for Precheck.

1. Moves Trunk's inline start-up <script type="module"> into its own file, so the page's
   Content-Security-Policy can forbid inline scripts, and drops Trunk's build-time nonces
   (a nonce fixed at build time protects nothing).
2. Fetches the WebAssembly after the first paint instead of preloading it (the integrity hash
   goes with the fetch).
3. Minifies the stylesheet (comments and spacing) and, where terser is installed
   (scripts/tools.sh: ensure_minifier), wasm-bindgen's JavaScript glue, updating their
   integrity hashes: the browser needs neither the comments nor the spacing (issue 13).
4. Fills the service worker's list of files to cache and its version (a hash of every file).
"""
import base64
import subprocess
import hashlib
import json
import os
import re
import shutil
import sys

staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else None)
if not staging:
    sys.exit("postbuild: TRUNK_STAGING_DIR is not set")

index_path = os.path.join(staging, "index.html")
with open(index_path, encoding="utf-8") as f:
    html = f.read()

html = re.sub(r'\snonce="[^"]*"', "", html)
# The WebAssembly is fetched once the start screen has painted, not preloaded beside the page:
# on a slow link a preload of it shares the bandwidth with the stylesheet the first paint waits
# for. Its integrity hash moves from the preload to the fetch.
preload = re.search(r'<link rel="preload" href="\./([^"]+_bg\.wasm)"[^>]*integrity="([^"]+)"[^>]*>', html)
if preload:
    html = html[: preload.start()] + html[preload.end():]
inline = re.compile(r'<script type="module"\s*>(.*?)</script>', re.S)
match = inline.search(html)
if match:
    code = "\n".join(line for line in match.group(1).strip().split("\n") if line.strip()) + "\n"
    if preload:
        wasm, integrity = preload.group(1), preload.group(2)
        # The page's start screen paints first (a frame, when the tab is shown); then the
        # app's WebAssembly is fetched, checked against its hash.
        start = (
            "if (document.visibilityState === 'visible') {\n"
            "  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));\n"
            "}\n"
        )
        call = f"init({{ module_or_path: './{wasm}' }})"
        if call not in code:
            sys.exit(f"postbuild: Trunk's start-up script no longer calls {call}")
        code = code.replace(
            f"const wasm = await {call};",
            start + f"const wasm = await init({{ module_or_path: fetch('./{wasm}', {{ integrity: '{integrity}' }}) }});",
        )
    digest = hashlib.sha256(code.encode()).hexdigest()[:16]
    name = f"boot-{digest}.js"
    with open(os.path.join(staging, name), "w", encoding="utf-8") as f:
        f.write(code)
    html = html[: match.start()] + f'<script type="module" src="./{name}"></script>' + html[match.end():]


def minify_css(css):
    """Comments and spacing out; nothing else changes (no value, selector or order)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s+", " ", css)
    css = re.sub(r"\s*([{};,>])\s*", r"\1", css)
    css = re.sub(r":\s+", ":", css)
    css = css.replace(";}", "}")
    return css.strip() + "\n"


def with_integrity(page, name, data):
    """The page with the integrity hash of `./name` set for `data`."""
    digest = "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
    pattern = re.compile(r'(<link[^>]*href="\./' + re.escape(name) + r'"[^>]*integrity=")[^"]*(")')
    return pattern.sub(lambda m: m.group(1) + digest + m.group(2), page)


root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
terser = os.path.join(root, ".tools", "node_modules", ".bin", "terser")
for name in sorted(os.listdir(staging)):
    path = os.path.join(staging, name)
    if name.startswith("style-") and name.endswith(".css"):
        with open(path, encoding="utf-8") as f:
            data = minify_css(f.read()).encode()
    elif name.startswith("app-") and name.endswith(".js") and os.access(terser, os.X_OK):
        out = subprocess.run(
            [terser, path, "--module", "--compress", "--mangle", "--ecma", "2020"],
            check=True, capture_output=True,
        )
        data = out.stdout
    else:
        continue
    with open(path, "wb") as f:
        f.write(data)
    html = with_integrity(html, name, data)

if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html):
    sys.exit("postbuild: an inline script is left in index.html; the CSP would block it")
# The lines Trunk leaves blank where it took the asset links out.
html = re.sub(r"\n[ \t]*(?=\n)", "", html)
with open(index_path, "w", encoding="utf-8") as f:
    f.write(html)

files = []
for root, _, names in os.walk(staging):
    for n in names:
        rel = os.path.relpath(os.path.join(root, n), staging).replace(os.sep, "/")
        if rel != "sw.js":
            files.append(rel)
files.sort()
version = hashlib.sha256()
for rel in files:
    with open(os.path.join(staging, rel), "rb") as f:
        version.update(rel.encode() + b"\0" + f.read())
assets = ["./"] + ["./" + rel for rel in files if rel != "index.html"]

sw_path = os.path.join(staging, "sw.js")
if not os.path.exists(sw_path):
    # A page of its own beside the app (author/): the app's service worker caches its files
    # when the page is first opened, not when the app is installed (clinicians never need it).
    print(f"postbuild: {staging}: a page without a service worker of its own")
    sys.exit(0)
with open(sw_path, encoding="utf-8") as f:
    sw = f.read()
# Its comments stay in web/sw.js; every browser downloads the worker. Lines stay lines:
# `precheck deploy` and `library build` edit its VERSION and ASSETS lines.
sw = "\n".join(line for line in sw.split("\n") if line.strip() and not line.strip().startswith("//")) + "\n"
sw = sw.replace("'__PRECHECK_VERSION__'", json.dumps(version.hexdigest()[:16]))
sw = sw.replace("__PRECHECK_ASSETS__", json.dumps(assets))
with open(sw_path, "w", encoding="utf-8") as f:
    f.write(sw)
print(f"postbuild: {len(assets)} files for the service worker, version {version.hexdigest()[:16]}")
