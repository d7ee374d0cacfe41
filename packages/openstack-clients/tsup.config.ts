import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'fake/index': 'src/fake/index.ts', 'fake/cli': 'src/fake/cli.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', 'fake/index': 'src/fake/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
});
