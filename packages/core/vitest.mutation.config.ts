import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defineConfig } from 'vitest/config';

/** The workspace root above `dir`: Stryker runs this config in a copy of the package, deeper down. */
function workspaceRoot(dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, 'pnpm-workspace.yaml'))) return at;
    if (dirname(at) === at) throw new Error(`no pnpm-workspace.yaml above ${dir}`);
  }
}

const root = workspaceRoot(process.cwd());

/**
 * The unit tests beside the sources, for mutation testing (`stryker.config.mjs`), in Stryker's copy of
 * this package: other workspace packages (the test helpers' seeded generator) from their sources, as
 * in `vitest.config.ts` (tsconfig.base.json's `paths`), but `@track/core` never from the original sources, which are not the mutated
 * ones. Property tests run 3 seeds per mutant instead of up to 60 (`seeds` in test/property.ts). The
 * README example test (it spawns the example) is left out.
 */
export default defineConfig({
  resolve: {
    alias: [{ find: /^@track\/(?!core$)([^/]+)$/, replacement: join(root, 'packages/$1/src/index.ts') }],
  },
  test: { include: ['src/**/*.test.ts'], env: { TRACK_PROPERTY_SEEDS: '3' } },
});
