import { fileURLToPath } from 'node:url';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Tests import workspace packages from source, so a test run never depends on a stale build.
 */
export const workspaceAliases = [
  { find: /^@track\/fake-openstack$/, replacement: here('./packages/fake-openstack/src/index.ts') },
  { find: /^@track\/openstack-clients$/, replacement: here('./packages/openstack-clients/src/index.ts') },
  { find: /^@track\/reporters$/, replacement: here('./packages/reporters/src/index.ts') },
  { find: /^@track\/core$/, replacement: here('./packages/core/src/index.ts') },
];
