import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const version = (path: string) => JSON.parse(readFileSync(path, 'utf8')).version as string;

export default defineConfig({
  entry: { cli: 'src/cli.ts', worker: 'src/worker.ts' },
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'node22',
  banner: { js: '#!/usr/bin/env node' },
  define: {
    __TRACK_VERSIONS__: JSON.stringify({
      '@track/cinder-stress': version('package.json'),
      '@track/core': version('../../packages/core/package.json'),
      '@track/fake-openstack': version('../../packages/fake-openstack/package.json'),
      '@track/openstack-clients': version('../../packages/openstack-clients/package.json'),
      '@track/reporters': version('../../packages/reporters/package.json'),
    }),
  },
});
