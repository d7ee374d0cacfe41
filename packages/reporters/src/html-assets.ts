import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** uPlot's minified script and stylesheet, as inlined into every HTML report. */
export interface UplotAssets {
  script: string;
  style: string;
}

/**
 * Reads uPlot's assets from the installed package. The build (tsup.config.ts) calls this once and
 * replaces this whole module with one that returns the text as constants, so the published `dist`
 * never looks in `node_modules` and still works when the CLI is bundled. Only source runs (tests,
 * bench) read the files.
 */
export function readUplotAssets(): UplotAssets {
  const require = createRequire(import.meta.url);
  return {
    // The banner names the project by URL; keep the attribution without a scheme, so the report
    // holds no http(s) reference at all.
    script: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8').replace(
      /^\/\*! https?:\/\/(\S+) (\(v[^)]*\)) \*\//,
      '/*! uPlot $2, MIT License, $1 */',
    ),
    style: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
  };
}

let cached: UplotAssets | undefined;

/** uPlot's script and stylesheet to inline (embedded in the build; read once in source runs). */
export function uplotAssets(): UplotAssets {
  cached ??= readUplotAssets();
  return cached;
}
