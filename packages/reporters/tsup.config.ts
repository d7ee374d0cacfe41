import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';
import { readUplotAssets } from './src/html-assets';

/**
 * Embeds uPlot's script and stylesheet into `dist`: `src/html-assets.ts` is replaced by a module
 * returning them as constants, so rendering an HTML report never resolves `uplot` at run time (a
 * bundled CLI has no `node_modules`).
 */
export const embedUplot: Plugin = {
  name: 'embed-uplot',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]html-assets\.ts$/ }, () => {
      const assets = JSON.stringify(readUplotAssets());
      return {
        loader: 'ts',
        contents: `const assets = ${assets};\nexport function uplotAssets() {\n  return assets;\n}\n`,
      };
    });
  },
};

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node22',
  esbuildPlugins: [embedUplot],
});
