#!/usr/bin/env node
// Sums every workspace's vitest JSON reports (<workspace>/.reports/*.json) into the one
// closing line CI reads: "N passed, N failed". Exits 1 when a test failed or none ran, so a
// suite that silently found no tests cannot pass.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const workspaceDirs = workspaces.flatMap((pattern) => expand(pattern));

let passed = 0;
let failed = 0;
let skipped = 0;
for (const report of workspaceDirs.flatMap(reportsOf)) {
  const result = JSON.parse(readFileSync(report, 'utf8'));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  skipped += result.numPendingTests + result.numTodoTests;
  // A file that fails without a failed test — it did not load, or a hook such as beforeAll threw
  // and its tests were skipped — is one failure all the same.
  failed += result.testResults.filter(
    (file) => file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed'),
  ).length;
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

function reportsOf(dir) {
  const reports = join(dir, '.reports');
  if (!existsSync(reports)) return [];
  return readdirSync(reports)
    .filter((name) => name.endsWith('.json'))
    .map((name) => join(reports, name));
}

function expand(pattern) {
  if (!pattern.endsWith('/*')) return [join(root, pattern)];
  const parent = join(root, pattern.slice(0, -2));
  if (!existsSync(parent)) return [];
  return subdirectories(parent).map((name) => join(parent, name));
}

function subdirectories(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
}
