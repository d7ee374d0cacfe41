import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.ts';

/** OS_CLOUD or OS_AUTH_URL turns on the contract suite's real-cloud target. */
const realCloud = Boolean(process.env.OS_CLOUD || process.env.OS_AUTH_URL);

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: {
    name: 'openstack-clients',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // A real cloud's state changes take seconds (its waiters allow 300 s): far beyond the 5 s default.
    ...(realCloud ? { testTimeout: 600_000, hookTimeout: 120_000 } : {}),
  },
});
