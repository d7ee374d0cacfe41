import { defineConfig } from 'vitest/config';

/**
 * The unit tests beside the sources, for mutation testing (`stryker.config.mjs`). Stryker runs them in
 * a copy of this package, where the workspace's shared config is out of reach; core's unit tests
 * import nothing of the workspace. The README example test (it spawns the example) is left out.
 */
export default defineConfig({
  // Property tests run 3 seeds per mutant instead of up to 60 (`seeds` in test/property.ts).
  test: { include: ['src/**/*.test.ts'], env: { TRACK_PROPERTY_SEEDS: '3' } },
});
