import { fileURLToPath } from 'node:url';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Tests import workspace packages from source, so a test run never depends on a stale build.
 * Subpath exports come first: the alias list is matched in order.
 */
export const workspaceAliases = [
  {
    find: /^@track\/openstack-clients\/fake$/,
    replacement: here('./packages/openstack-clients/src/fake/index.ts'),
  },
  { find: /^@track\/openstack-clients$/, replacement: here('./packages/openstack-clients/src/index.ts') },
  { find: /^@track\/reporters$/, replacement: here('./packages/reporters/src/index.ts') },
  { find: /^@track\/core$/, replacement: here('./packages/core/src/index.ts') },
];
