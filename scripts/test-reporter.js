// A vitest reporter that counts every failure, for the closing line scripts/test.js prints: a failed
// test, a failed hook, a file that failed to load, a test that never ran because its setup threw, and
// an unhandled error. It writes { passed, failed, skipped } as JSON to the file RAPPORT_TEST_COUNTS names.
import { writeFileSync } from 'node:fs';

/** @import { Reporter, TestModule, TestSuite, TestCase } from 'vitest/node' */

/** @param {TestCase} test */
const neverRan = (test) => {
  const { state } = test.result();
  return (state === 'skipped' || state === 'pending') && test.options.mode !== 'skip' && test.options.mode !== 'todo';
};

/**
 * @param {ReadonlyArray<TestModule>} testModules
 * @param {ReadonlyArray<unknown>} unhandledErrors
 */
export function countResults(testModules, unhandledErrors) {
  let passed = 0;
  let skipped = 0;
  /** Tests that failed, or never ran under a module or suite whose setup threw. */
  const failedTests = new Set();
  /** Errors of a module or suite (hooks, collection) that kept no test from running. */
  let otherFailures = 0;
  for (const module of testModules) {
    for (const test of module.children.allTests()) {
      const { state } = test.result();
      if (state === 'passed') passed += 1;
      else if (state === 'failed') failedTests.add(test);
      else if (!neverRan(test)) skipped += 1;
    }
    /** @type {(TestModule | TestSuite)[]} */
    const parents = [module, ...module.children.allSuites()];
    for (const parent of parents.filter((entity) => entity.errors().length > 0)) {
      const unrun = [...parent.children.allTests()].filter(neverRan);
      if (unrun.length === 0) otherFailures += 1;
      for (const test of unrun) failedTests.add(test);
    }
  }
  // Tests that never ran outside any failed suite (an interrupted run) are neither passed nor skipped.
  return { passed, failed: failedTests.size + otherFailures + unhandledErrors.length, skipped };
}

/** @implements {Reporter} */
export default class CountingReporter {
  /**
   * @param {ReadonlyArray<TestModule>} testModules
   * @param {ReadonlyArray<unknown>} unhandledErrors
   */
  onTestRunEnd(testModules, unhandledErrors) {
    const file = process.env.RAPPORT_TEST_COUNTS;
    if (file) writeFileSync(file, JSON.stringify(countResults(testModules, unhandledErrors)));
  }
}
