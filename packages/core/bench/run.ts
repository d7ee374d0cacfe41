/**
 * `pnpm bench` for @track/core: the cost of tracing, against a plain call and against two peers
 * (an OpenTelemetry span per call, a prom-client counter per call), all measured in this one run.
 * Prints one table (mean and median ns per call), then each target with PASS or MISS, judged on the
 * means. Run with `node --expose-gc`.
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
  /** Fails the way a client does: the error is raised a few helper frames below the method. */
  fail(id: number): number {
    return sendRequest(id);
  }
  /** Same, but every call fails with the same error message, so the stack text repeats. */
  failSame(id: number): number {
    return sendRequest(id % 1);
  }
}

// The client's helpers below a method (session, transport, response check) and the scenario's
// frames above it: the failure's 10 captured frames (V8's default limit) are all ordinary code, as
// in a stress run, rather than the benchmark harness's own frames.
const sendRequest = (id: number): number => authorize(id);
const authorize = (id: number): number => transmit(id);
const transmit = (id: number): number => checkResponse(id);
const checkResponse = (id: number): number => raise(id);
const raise = (id: number): number => {
  throw new Error(`volume ${id} failed`);
};
const runStep = (client: SampleClient, id: number, same: boolean): number => pickVolume(client, id, same);
const pickVolume = (client: SampleClient, id: number, same: boolean): number => callClient(client, id, same);
const callClient = (client: SampleClient, id: number, same: boolean): number =>
  same ? client.failSame(id) : client.fail(id);

const plain = new SampleClient();
const traced = new Trace().decorate(new SampleClient());
// The floor for any tracer that reads a failure's stack once: a hand-written catch, read, rethrow.
const readAndRethrow = new SampleClient();
const failOriginal = readAndRethrow.fail;
readAndRethrow.fail = function fail(this: SampleClient, id: number): number {
  try {
    return failOriginal.call(this, id);
  } catch (error) {
    do_not_optimize((error as Error).stack);
    throw error;
  }
};

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
// One closure literal per case: closures made by one factory would share their inline caches.
bench('failure, same error each call, untraced', () => {
  try {
    runStep(plain, i++, true);
  } catch (error) {
    do_not_optimize(error);
  }
});
bench('failure, same error each call, traced', () => {
  try {
    runStep(traced, i++, true);
  } catch (error) {
    do_not_optimize(error);
  }
});
bench('failure, message differs each call, untraced', () => {
  try {
    runStep(plain, i++, false);
  } catch (error) {
    do_not_optimize(error);
  }
});
bench('failure, message differs each call, traced', () => {
  try {
    runStep(traced, i++, false);
  } catch (error) {
    do_not_optimize(error);
  }
});
bench('failure, message differs each call, untraced, stack read once', () => {
  try {
    runStep(plain, i++, false);
  } catch (error) {
    do_not_optimize((error as Error).stack);
  }
});
bench('failure, message differs each call, hand-written catch + stack read + rethrow', () => {
  try {
    runStep(readAndRethrow, i++, false);
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

/**
 * A cross-check of the failure ratios without the harness: plain timing loops over the same clients,
 * rounds interleaved so that drift hits every case alike, median of the rounds.
 */
function failureRatiosInPlainLoops(): { sameError: number; messageDiffers: number; floor: number } {
  const rounds = 9;
  const calls = 20_000;
  const time = (client: SampleClient, same: boolean): number => {
    const start = performance.now();
    for (let n = 0; n < calls; n++) {
      try {
        runStep(client, i++, same);
      } catch {}
    }
    return performance.now() - start;
  };
  const samples = { plainSame: [0], tracedSame: [0], plain: [0], traced: [0], floor: [0] };
  for (const list of Object.values(samples)) list.length = 0;
  for (let round = 0; round < rounds; round++) {
    samples.plainSame.push(time(plain, true));
    samples.tracedSame.push(time(traced, true));
    samples.plain.push(time(plain, false));
    samples.traced.push(time(traced, false));
    samples.floor.push(time(readAndRethrow, false));
  }
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[list.length >> 1]!;
  return {
    sameError: median(samples.tracedSame) / median(samples.plainSame),
    messageDiffers: median(samples.traced) / median(samples.plain),
    floor: median(samples.floor) / median(samples.plain),
  };
}

async function main(): Promise<void> {
  const results = (await run({ format: 'quiet', throw: true } as never)) as {
    benchmarks: { alias: string; runs: { stats: { avg: number; p50: number } }[] }[];
  };
  const ns = new Map<string, { avg: number; p50: number }>();
  for (const b of results.benchmarks) ns.set(b.alias, b.runs[0]!.stats);
  const get = (name: string) => {
    const stats = ns.get(name);
    if (stats === undefined) throw new Error(`no bench named ${name}`);
    return stats.avg;
  };
  const syncOverhead = get('traced sync call') - get('plain sync call');
  const asyncOverhead = get('traced async call') - get('plain async call');
  const differs = 'failure, message differs each call';
  const sameErrorRatio =
    get('failure, same error each call, traced') / get('failure, same error each call, untraced');
  const differsRatio = get(`${differs}, traced`) / get(`${differs}, untraced`);
  const stackReadRatio = get(`${differs}, untraced, stack read once`) / get(`${differs}, untraced`);
  const floorRatio =
    get(`${differs}, hand-written catch + stack read + rethrow`) / get(`${differs}, untraced`);
  const spanOverhead = get('OpenTelemetry span per call') - get('plain sync call');
  const counterOverhead = get('prom-client counter per call') - get('plain sync call');
  const heapGrowthMb = memoryOfFailures();
  const loops = failureRatiosInPlainLoops();

  console.log(`@track/core bench, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
  console.log('| case | mean ns/call | median ns/call |');
  console.log('|---|---:|---:|');
  for (const [name, { avg, p50 }] of ns) console.log(`| ${name} | ${avg.toFixed(1)} | ${p50.toFixed(1)} |`);
  console.log('');
  const ratio = (value: number) => `${value.toFixed(2)}x`;
  const targets: [string, string, boolean | undefined][] = [
    ['traced sync overhead <= 5 ns', `${syncOverhead.toFixed(1)} ns`, syncOverhead <= 5],
    ['traced async overhead <= 50 ns', `${asyncOverhead.toFixed(1)} ns`, asyncOverhead <= 50],
    ['traced failure <= 3x untraced, same error each call', ratio(sameErrorRatio), sameErrorRatio <= 3],
    ['traced failure <= 3x untraced, message differs each call', ratio(differsRatio), differsRatio <= 3],
    ['(context) untraced failure whose stack is read once', ratio(stackReadRatio), undefined],
    ['(context) floor: hand-written catch, stack read once, rethrow', ratio(floorRatio), undefined],
    [
      '(cross-check) plain timing loops: same error / message differs / floor',
      `${ratio(loops.sameError)} / ${ratio(loops.messageDiffers)} / ${ratio(loops.floor)}`,
      undefined,
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
    console.log(`| ${target} | ${measured} | ${ok === undefined ? 'context' : ok ? 'PASS' : 'MISS'} |`);
}

await main();
