// A vitest reporter that counts every failure, for the closing line scripts/test.js prints: a failed
// test, a failed hook, a file that failed to load, a test that never ran because its setup threw, and
// an unhandled error. It writes { passed, failed, skipped } as JSON to the file RAPPORT_TEST_COUNTS names.
import { writeFileSync } from 'node:fs';

/** @import { Reporter, TestModule, TestSuite, TestCase } from 'vitest/node' */

/** @param {TestCase} test */
const isUnfinished = (test) => {
  const { state } = test.result();
  return state === 'pending' || (state === 'skipped' && test.options.mode !== 'skip' && test.options.mode !== 'todo');
};

/**
 * @param {ReadonlyArray<TestModule>} testModules
 * @param {ReadonlyArray<unknown>} unhandledErrors
 */
export function countResults(testModules, unhandledErrors) {
  /** Tests that failed, or never ran under a module or suite whose setup threw. */
  const failedTests = new Set();
  /** Errors of a module or suite (hooks, collection) that kept no test from running. */
  let otherFailures = 0;
  const tests = testModules.flatMap((module) => [...module.children.allTests()]);
  for (const test of tests) if (test.result().state === 'failed') failedTests.add(test);
  /** @type {(TestModule | TestSuite)[]} */
  const parents = testModules.flatMap((module) => [module, ...module.children.allSuites()]);
  for (const parent of parents.filter((entity) => entity.errors().length > 0)) {
    const unrun = [...parent.children.allTests()].filter(isUnfinished);
    if (unrun.length === 0) otherFailures += 1;
    for (const test of unrun) failedTests.add(test);
  }
  const counted = (state) => tests.filter((test) => !failedTests.has(test) && test.result().state === state).length;
  return { passed: counted('passed'), failed: failedTests.size + otherFailures + unhandledErrors.length, skipped: counted('skipped') };
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
