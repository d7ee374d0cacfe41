/**
 * Finding a known failure trace with a large `maxFailureTraces`: N distinct failures of one method
 * (same call site, messages of one length, so the stacks differ only in their message), each recorded
 * twice. Prints the time per N, and an untraced loop that reads each stack once for comparison. Run in
 * this package: `npx esbuild bench/many-traces.ts --bundle --platform=node --format=esm
 * --packages=external --outfile=bench/.out/many-traces.js && node bench/.out/many-traces.js` (tsx's
 * source maps would make every stack read far slower).
 */
import { Trace } from '../src/index';

function fail(n: number): never {
  throw new Error(`volume ${String(n).padStart(6, '0')} failed`);
}

for (const distinct of [16_384, 32_768]) {
  const trace = new Trace({ maxFailureTraces: distinct });
  const client = trace.decorate({ call: fail }, { name: 'Many' });
  const start = performance.now();
  for (let round = 0; round < 2; round++) {
    for (let n = 0; n < distinct; n++) {
      try {
        client.call(n);
      } catch {}
    }
  }
  const ms = performance.now() - start;
  const stats = trace.stats.get('Many', 'call')!;
  if (stats.failures.length !== distinct || stats.fail !== 2 * distinct) throw new Error('miscounted');
  const plainStart = performance.now();
  let length = 0;
  for (let round = 0; round < 2; round++) {
    for (let n = 0; n < distinct; n++) {
      try {
        fail(n);
      } catch (error) {
        length += (error as Error).stack!.length;
      }
    }
  }
  const plainMs = performance.now() - plainStart;
  if (length === 0) throw new Error('no stack read');
  console.log(
    `${distinct} distinct traces, each failed twice: traced ${ms.toFixed(0)} ms, untraced with one stack read ${plainMs.toFixed(0)} ms`,
  );
}
