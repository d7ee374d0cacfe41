import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let cached: { script: string; style: string } | undefined;

/** uPlot's minified script and stylesheet, read once from the installed package, to inline. */
export function uplotAssets(): { script: string; style: string } {
  if (cached === undefined) {
    const require = createRequire(import.meta.url);
    cached = {
      // The banner names the project by URL; keep the attribution without a scheme, so the report
      // holds no http(s) reference at all.
      script: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8').replace(
        /^\/\*! https?:\/\/(\S+) (\(v[^)]*\)) \*\//,
        '/*! uPlot $2, MIT License, $1 */',
      ),
      style: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
    };
  }
  return cached;
}
