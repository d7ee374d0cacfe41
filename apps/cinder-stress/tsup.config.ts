import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { cli: 'src/cli.ts', worker: 'src/run/worker.ts' },
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
});
