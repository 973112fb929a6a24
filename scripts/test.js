#!/usr/bin/env node
// Runs the whole suite with vitest and ends with the line "N passed, N failed" from the real counts
// (vitest prints no such line itself). Extra arguments go to vitest, e.g. `npm test -- src/lib`.
// First it makes sure the machine has what the tests drive (scripts/test-env.js).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareTestEnvironment } from './test-env.js';

if (!(await prepareTestEnvironment())) process.exit(1);

const dir = mkdtempSync(join(tmpdir(), 'rapport-test-'));
const countsFile = join(dir, 'counts.json');
const run = spawnSync(
  process.execPath,
  [
    join(import.meta.dirname, '..', 'node_modules', 'vitest', 'vitest.mjs'),
    'run',
    '--reporter=default',
    `--reporter=${join(import.meta.dirname, 'test-reporter.js')}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', env: { ...process.env, TZ: 'UTC', RAPPORT_TEST_COUNTS: countsFile } },
);

let counts = { passed: 0, failed: 1, skipped: 0 };
try {
  counts = JSON.parse(readFileSync(countsFile, 'utf8'));
} catch {
  console.error('The test run ended before it reported its results.');
}
rmSync(dir, { recursive: true, force: true });
// A run vitest ends non-zero has failed, whatever the counts say (a global setup, a type error).
const failed = run.status !== 0 ? Math.max(counts.failed, 1) : counts.failed;
console.log(`\n${counts.passed} passed, ${failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
