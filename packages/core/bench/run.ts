/**
 * `pnpm bench` for @track/core: the cost of tracing, against a plain call and against two peers
 * (an OpenTelemetry span per call, a prom-client counter per call), all measured in this one run.
 * Prints one table, then each target with PASS or MISS. Run with `node --expose-gc`.
 */
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { bench, do_not_optimize, run } from 'mitata';
import { Counter, Registry } from 'prom-client';
import { Trace } from '../src/index';

class SampleClient {
  getVolume(id: number): number {
    return id + 1;
  }
  async getVolumeAsync(id: number): Promise<number> {
    return id + 1;
  }
  fail(id: number): number {
    throw new Error(`volume ${id} failed`);
  }
}

const plain = new SampleClient();
const traced = new Trace().decorate(new SampleClient());

const noopExporter: SpanExporter = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {} };
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(noopExporter)] });
const tracer = provider.getTracer('bench');
const spanned = new SampleClient();
const spanOriginal = spanned.getVolume.bind(spanned);
spanned.getVolume = (id: number) => {
  const span = tracer.startSpan('VolumesClient.getVolume');
  try {
    return spanOriginal(id);
  } finally {
    span.end();
  }
};

const registry = new Registry();
const counter = new Counter({
  name: 'calls_total',
  help: 'calls',
  labelNames: ['client', 'method'],
  registers: [registry],
});
const child = counter.labels('VolumesClient', 'getVolume');
const counted = new SampleClient();
const countedOriginal = counted.getVolume.bind(counted);
counted.getVolume = (id: number) => {
  const result = countedOriginal(id);
  child.inc();
  return result;
};

let i = 0;
bench('plain sync call', () => do_not_optimize(plain.getVolume(i++)));
bench('traced sync call', () => do_not_optimize(traced.getVolume(i++)));
bench('plain async call', async () => do_not_optimize(await plain.getVolumeAsync(i++)));
bench('traced async call', async () => do_not_optimize(await traced.getVolumeAsync(i++)));
bench('failure, untraced (create+throw+catch)', () => {
  try {
    plain.fail(i++);
  } catch (error) {
    do_not_optimize(error);
  }
});
bench('failure, untraced, stack read once', () => {
  try {
    plain.fail(i++);
  } catch (error) {
    do_not_optimize((error as Error).stack);
  }
});
bench('failure, traced', () => {
  try {
    traced.fail(i++);
  } catch (error) {
    do_not_optimize(error);
  }
});
bench('OpenTelemetry span per call', () => do_not_optimize(spanned.getVolume(i++)));
bench('prom-client counter per call', () => do_not_optimize(counted.getVolume(i++)));

function memoryOfFailures(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const trace = new Trace();
  const sites = Array.from(
    { length: 10 },
    (_, site) =>
      ({
        [`site${site}`]: () => {
          throw new Error(`failure at site ${site}`);
        },
      })[`site${site}`]!,
  );
  const client = trace.decorate({ call: (n: number) => sites[n % 10]!() }, { name: 'Sites' });
  const hammer = (count: number) => {
    for (let n = 0; n < count; n++)
      try {
        client.call(n);
      } catch {}
  };
  // Both phases call hammer from this one line, so the stacks (which include it) stay 10 distinct.
  let before = 0;
  for (const count of [1000, 1_000_000]) {
    if (count > 1000) {
      gc();
      gc();
      before = process.memoryUsage().heapUsed;
    }
    hammer(count);
  }
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  const stats = trace.stats.get('Sites', 'call')!;
  if (stats.fail !== 1_001_000 || stats.failures.length !== 10)
    throw new Error('memory bench did not count what it should');
  return (after - before) / 1024 / 1024;
}

async function main(): Promise<void> {
  const results = await run({ format: 'quiet', throw: true } as never);
  const ns = new Map<string, number>();
  for (const b of (results as { benchmarks: { alias: string; runs: { stats: { avg: number } }[] }[] })
    .benchmarks) {
    ns.set(b.alias, b.runs[0]!.stats.avg);
  }
  const get = (name: string) => ns.get(name)!;
  const syncOverhead = get('traced sync call') - get('plain sync call');
  const asyncOverhead = get('traced async call') - get('plain async call');
  const failureRatio = get('failure, traced') / get('failure, untraced (create+throw+catch)');
  const failureVsStackRead = get('failure, traced') / get('failure, untraced, stack read once');
  const spanOverhead = get('OpenTelemetry span per call') - get('plain sync call');
  const counterOverhead = get('prom-client counter per call') - get('plain sync call');
  const heapGrowthMb = memoryOfFailures();

  console.log(`@track/core bench, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
  console.log('| case | ns/call |');
  console.log('|---|---:|');
  for (const [name, value] of ns) console.log(`| ${name} | ${value.toFixed(1)} |`);
  console.log('');
  const targets: [string, string, boolean][] = [
    ['traced sync overhead <= 5 ns', `${syncOverhead.toFixed(1)} ns`, syncOverhead <= 5],
    ['traced async overhead <= 50 ns', `${asyncOverhead.toFixed(1)} ns`, asyncOverhead <= 50],
    ['traced failure <= 3x untraced failure', `${failureRatio.toFixed(2)}x`, failureRatio <= 3],
    [
      '(context) traced failure vs untraced failure whose stack is read once',
      `${failureVsStackRead.toFixed(2)}x`,
      true,
    ],
    [
      '>= 10x cheaper than an OTel span (overhead)',
      `${(spanOverhead / Math.max(syncOverhead, 0.1)).toFixed(1)}x`,
      spanOverhead >= 10 * Math.max(syncOverhead, 0),
    ],
    [
      'no slower than a prom-client counter (overhead)',
      `${syncOverhead.toFixed(1)} vs ${counterOverhead.toFixed(1)} ns`,
      syncOverhead <= counterOverhead,
    ],
    [
      '1,000,000 failures from 10 sites grow the heap < 5 MB',
      `${heapGrowthMb.toFixed(2)} MB`,
      heapGrowthMb < 5,
    ],
  ];
  console.log('| target | measured | result |');
  console.log('|---|---:|---|');
  for (const [target, measured, ok] of targets)
    console.log(`| ${target} | ${measured} | ${ok ? 'PASS' : 'MISS'} |`);
}

await main();
