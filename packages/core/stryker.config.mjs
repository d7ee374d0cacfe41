// @ts-check
/**
 * Mutation testing of @track/core (`pnpm test:mutation` here or at the root): StrykerJS mutates the
 * sources and runs the vitest tests that cover each mutant (per-test coverage). Incremental: results
 * of unchanged code and tests are reused from `stryker-incremental.json` (committed), so a run after
 * a small change re-tests only what it touched; `--force` re-tests everything. The run fails when the
 * score drops below `thresholds.break` (85%).
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  coverageAnalysis: 'perTest',
  mutate: ['src/**/*.ts', '!src/**/*.test.ts'],
  incremental: true,
  incrementalFile: 'stryker-incremental.json',
  thresholds: { high: 90, low: 85, break: 85 },
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  concurrency: 3,
  // A mutant that keeps a test from ending (a promise that never settles) times out after the
  // test's usual time plus 2 s, not 5 s: on a loaded machine most of a run is spent on those.
  timeoutMS: 2000,
  tempDirName: '.stryker-tmp',
  // tsconfig.json stays out of the sandbox (.stryker-tmp/sandbox-*/ in this directory): vitest's
  // transform then finds this package's own, whose `extends` resolves, and Stryker does not rewrite
  // it through TypeScript's JS API, which TypeScript 7 (native) does not have.
  ignorePatterns: [
    'dist',
    'bench/.out',
    'reports',
    '.vitest-report.json',
    'stryker-incremental.json',
    'tsconfig.json',
  ],
};
