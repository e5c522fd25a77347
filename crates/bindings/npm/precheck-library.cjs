#!/usr/bin/env node
// `precheck-library build DIR`: the policy library's manifest for a portal team with Node and
// no Rust toolchain (`npx precheck-library build dist/policies`). The same check and the same
// manifest as `precheck library build`: every policy file of DIR is validated by the engine
// (here as WebAssembly), and DIR/manifest.json is written only when every file passes; when
// DIR is a built app's (a sw.js beside it), the service worker is renewed so that open tabs
// and offline copies pick the change up, and the page's start screen lists the new library.
// Every problem is printed, one a line.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const precheck = require('./precheck_wasm.js');

function usage() {
  console.error('usage: precheck-library build DIR');
  process.exit(2);
}

const [command, dir, ...rest] = process.argv.slice(2);
if (command !== 'build' || !dir || rest.length) usage();

let names;
try {
  names = fs.readdirSync(dir).filter((n) => n.endsWith('.json') && n !== 'manifest.json').sort();
} catch (e) {
  console.error(`error: ${dir}: ${e.message}`);
  process.exit(1);
}
const files = names.map((name) => ({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }));
const site = path.dirname(path.resolve(dir));
const workerPath = path.join(site, 'sw.js');
const worker = fs.existsSync(workerPath) ? fs.readFileSync(workerPath, 'utf8') : undefined;
// The page only beside the worker: the folder is then a built app's, whose start screen lists it.
const pagePath = path.join(site, 'index.html');
const page = worker !== undefined && fs.existsSync(pagePath) ? fs.readFileSync(pagePath, 'utf8') : undefined;
const reply = precheck.libraryBuild(files, worker, page, path.basename(path.resolve(dir)));
if (reply.type !== 'success') {
  for (const e of reply.errors) console.error(`error: ${dir.replace(/\/+$/, '')}/${e.message}`);
  console.error(`${reply.errors.length} problem(s), nothing written`);
  process.exit(1);
}
fs.writeFileSync(path.join(dir, 'manifest.json'), reply.result.manifest);
if (reply.result.page !== undefined) fs.writeFileSync(pagePath, reply.result.page);
if (reply.result.worker !== undefined) fs.writeFileSync(workerPath, reply.result.worker);
const renewed = reply.result.version ? `; service worker version ${reply.result.version}` : '';
console.log(`${dir}: ${reply.result.policies} policies in manifest.json${renewed}`);
