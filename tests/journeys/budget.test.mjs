// The bundle budget: the gzip size of everything in dist/ must stay within budget.json.
// Deterministic bytes, so it is a test (timings are benchmarks, not tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', '..', 'dist');

async function files(dir) {
  const out = [];
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    if ((await stat(path)).isDirectory()) out.push(...(await files(path)));
    else out.push(path);
  }
  return out;
}

test('the gzip size of dist/ stays within the budget', async () => {
  // The app (everything but the policy library) is the initial download; the library's files
  // are fetched one by one when a policy is chosen, and have a budget of their own.
  const { gzip_bytes: budget, library_gzip_bytes: libraryBudget, author_gzip_bytes: authorBudget } = JSON.parse(await readFile(join(here, 'budget.json'), 'utf8'));
  const rows = [];
  for (const path of (await files(dist)).sort()) {
    const raw = await readFile(path);
    rows.push({ file: relative(dist, path), raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length });
  }
  const sum = (list) => list.reduce((a, r) => ({ raw: a.raw + r.raw, gzip: a.gzip + r.gzip }), { raw: 0, gzip: 0 });
  const inLibrary = (r) => r.file.startsWith('policies/');
  // The authoring page is a page of its own (author/), never loaded by the screening app.
  const inAuthor = (r) => r.file.startsWith('author/');
  const app = sum(rows.filter((r) => !inLibrary(r) && !inAuthor(r)));
  const library = sum(rows.filter(inLibrary));
  const author = sum(rows.filter(inAuthor));
  console.log('| file | raw bytes | gzip bytes |\n|---|---:|---:|');
  for (const r of rows) console.log(`| ${r.file} | ${r.raw} | ${r.gzip} |`);
  console.log(`| **app (initial download)** | ${app.raw} | ${app.gzip} |`);
  console.log(`| **policy library (fetched per policy)** | ${library.raw} | ${library.gzip} |`);
  console.log(`| **authoring page (author/)** | ${author.raw} | ${author.gzip} |`);
  assert.ok(rows.some((r) => r.file.endsWith('.wasm')), 'dist/ holds the app');
  assert.ok(rows.some((r) => r.file === 'policies/manifest.json'), 'dist/ holds the library');
  assert.ok(app.gzip <= budget, `the app is ${app.gzip} bytes gzip, over the budget of ${budget}`);
  assert.ok(library.gzip <= libraryBudget, `the library is ${library.gzip} bytes gzip, over its budget of ${libraryBudget}`);
  assert.ok(rows.some((r) => r.file === 'author/index.html'), 'dist/ holds the authoring page');
  assert.ok(author.gzip <= authorBudget, `the authoring page is ${author.gzip} bytes gzip, over its budget of ${authorBudget}`);
});
