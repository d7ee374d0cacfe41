/**
 * `pnpm bench` for @track/core: the cost of tracing, against a plain call and against two peers
 * (an OpenTelemetry span per call, a prom-client counter per call), all measured in this one run.
 * Prints one table (mean and median ns per call), then each target with PASS or MISS, judged on the
 * medians. Run with `node --expose-gc`.
 *
 * Failures are measured on two paths. On the warm one, the client's helpers have served passing calls
 * first, as they do in a stress run, so V8 has compiled them; this is where the failure targets are
 * judged, for a synchronous throw and for an asynchronous rejection. The cold one has only ever
 * thrown, so V8 keeps it in the interpreter, where creating and throwing an error is cheapest and
 * reading its stack therefore weighs most; it is printed for context, with its floor.
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
  /** The same helpers as `fail`, a separate copy that also serves passing calls (see `warmUp`). */
  request(id: number): number {
    return warmSendRequest(id);
  }
  /** Same, every failure with the same message. */
  requestSame(id: number): number {
    return warmSendRequest(failing ? id % 1 : id);
  }
  /** An asynchronous client method whose request rejects after an `await`, as @track's clients do. */
  async requestAsync(id: number): Promise<number> {
    return await asyncSendRequest(id);
  }
}

// The client's helpers below a method (session, transport, response check) and the scenario's
// frames above it: the failure's 10 captured frames (V8's default limit) are all ordinary code, as
// in a stress run, rather than the benchmark harness's own frames.
//
// Two copies of that path. The cold one only ever throws: V8 never tiers up a function that has
// never returned, so its frames stay in the interpreter, where capturing a stack is cheapest. The
// warm one first serves passing calls, as a client's path does in a stress run, so V8 has compiled
// it (Sparkplug, TurboFan) before it starts failing.
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

/** Whether the warm path fails (after `warmUp`). */
let failing = false;
const warmSendRequest = (id: number): number => warmAuthorize(id);
const warmAuthorize = (id: number): number => warmTransmit(id);
const warmTransmit = (id: number): number => warmCheckResponse(id);
const warmCheckResponse = (id: number): number => warmRaise(id);
const warmRaise = (id: number): number => {
  if (failing) throw new Error(`volume ${id} failed`);
  return id;
};
const warmRunStep = (client: SampleClient, id: number, same: boolean): number =>
  warmPickVolume(client, id, same);
const warmPickVolume = (client: SampleClient, id: number, same: boolean): number =>
  warmCallClient(client, id, same);
const warmCallClient = (client: SampleClient, id: number, same: boolean): number =>
  same ? client.requestSame(id) : client.request(id);

// The asynchronous path: ten frames of its own too (three synchronous, seven `async` ones).
const asyncSendRequest = async (id: number): Promise<number> => await asyncSession(id);
const asyncSession = async (id: number): Promise<number> => await asyncTransmit(id);
const asyncTransmit = async (id: number): Promise<number> => {
  await undefined;
  return warmCheckResponse(id);
};
const asyncWorker = async (client: SampleClient, id: number): Promise<number> =>
  await asyncIteration(client, id);
const asyncIteration = async (client: SampleClient, id: number): Promise<number> =>
  await asyncRunStep(client, id);
const asyncRunStep = async (client: SampleClient, id: number): Promise<number> =>
  await asyncPickVolume(client, id);
const asyncPickVolume = async (client: SampleClient, id: number): Promise<number> =>
  await client.requestAsync(id);

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
const requestOriginal = readAndRethrow.request;
readAndRethrow.request = function request(this: SampleClient, id: number): number {
  try {
    return requestOriginal.call(this, id);
  } catch (error) {
    do_not_optimize((error as Error).stack);
    throw error;
  }
};

/** Passing calls through the warm path, alike for every client, then the path starts failing. */
async function warmUp(): Promise<void> {
  let sum = 0;
  for (let n = 0; n < 200_000; n++) {
    for (const client of [plain, traced, readAndRethrow]) {
      sum += warmRunStep(client, n, n % 2 === 0);
      sum += await asyncWorker(client, n);
    }
  }
  do_not_optimize(sum);
  failing = true;
}

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
// Judged: failures on a warm path and asynchronous rejections, as in a stress run.
bench('failure (warm path), same error each call, untraced', () => {
  try {
    warmRunStep(plain, i++, true);
  } catch (error) {
    do_not_optimize(error);
  }
});
bench('failure (warm path), same error each call, traced', () => {
  try {
    warmRunStep(traced, i++, true);
  } catch (error) {
    do_not_optimize(error);
  }
});
bench('failure (warm path), message differs each call, untraced', () => {
  try {
    warmRunStep(plain, i++, false);
  } catch (error) {
    do_not_optimize(error);
  }
});
bench('failure (warm path), message differs each call, traced', () => {
  try {
    warmRunStep(traced, i++, false);
  } catch (error) {
    do_not_optimize(error);
  }
});
bench('failure (warm path), message differs each call, hand-written catch + stack read + rethrow', () => {
  try {
    warmRunStep(readAndRethrow, i++, false);
  } catch (error) {
    do_not_optimize(error);
  }
});
bench('failure (warm path), message differs each call, untraced, stack read once', () => {
  try {
    warmRunStep(plain, i++, false);
  } catch (error) {
    do_not_optimize((error as Error).stack);
  }
});
bench('async rejection (warm path), message differs each call, untraced', async () => {
  try {
    await asyncWorker(plain, i++);
  } catch (error) {
    do_not_optimize(error);
  }
});
bench('async rejection (warm path), message differs each call, traced', async () => {
  try {
    await asyncWorker(traced, i++);
  } catch (error) {
    do_not_optimize(error);
  }
});
// Context: a path that has only ever failed (interpreted frames, the cheapest stacks to capture).
bench('failure (cold path), same error each call, untraced', () => {
  try {
    runStep(plain, i++, true);
  } catch (error) {
    do_not_optimize(error);
  }
});
bench('failure (cold path), same error each call, traced', () => {
  try {
    runStep(traced, i++, true);
  } catch (error) {
    do_not_optimize(error);
  }
});
bench('failure (cold path), message differs each call, untraced', () => {
  try {
    runStep(plain, i++, false);
  } catch (error) {
    do_not_optimize(error);
  }
});
bench('failure (cold path), message differs each call, traced', () => {
  try {
    runStep(traced, i++, false);
  } catch (error) {
    do_not_optimize(error);
  }
});
bench('failure (cold path), message differs each call, untraced, stack read once', () => {
  try {
    runStep(plain, i++, false);
  } catch (error) {
    do_not_optimize((error as Error).stack);
  }
});
bench('failure (cold path), message differs each call, hand-written catch + stack read + rethrow', () => {
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

type Step = (client: SampleClient, id: number, same: boolean) => number;
interface LoopRatios {
  sameError: number;
  messageDiffers: number;
  floor: number;
}

/**
 * A cross-check of the failure ratios without the harness: plain timing loops over the same clients,
 * rounds interleaved so that drift hits every case alike, median of the rounds.
 */
function failureRatiosInPlainLoops(step: Step): LoopRatios {
  const rounds = 9;
  const calls = 20_000;
  const time = (client: SampleClient, same: boolean): number => {
    const start = performance.now();
    for (let n = 0; n < calls; n++) {
      try {
        step(client, i++, same);
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
  await warmUp();
  const results = (await run({ format: 'quiet', throw: true } as never)) as {
    benchmarks: { alias: string; runs: { stats: { avg: number; p50: number } }[] }[];
  };
  const ns = new Map<string, { avg: number; p50: number }>();
  for (const b of results.benchmarks) ns.set(b.alias, b.runs[0]!.stats);
  // Judged on medians: a mean is moved by the odd GC pause or a neighbour's burst on a shared machine.
  const get = (name: string) => {
    const stats = ns.get(name);
    if (stats === undefined) throw new Error(`no bench named ${name}`);
    return stats.p50;
  };
  const syncOverhead = get('traced sync call') - get('plain sync call');
  const asyncOverhead = get('traced async call') - get('plain async call');
  const traceRatio = (prefix: string) => get(`${prefix}, traced`) / get(`${prefix}, untraced`);
  const warm = 'failure (warm path)';
  const cold = 'failure (cold path)';
  const warmSame = traceRatio(`${warm}, same error each call`);
  const warmDiffers = traceRatio(`${warm}, message differs each call`);
  const warmStackRead =
    get(`${warm}, message differs each call, untraced, stack read once`) /
    get(`${warm}, message differs each call, untraced`);
  const warmFloor =
    get(`${warm}, message differs each call, hand-written catch + stack read + rethrow`) /
    get(`${warm}, message differs each call, untraced`);
  const asyncRejection = traceRatio('async rejection (warm path), message differs each call');
  const coldSame = traceRatio(`${cold}, same error each call`);
  const coldDiffers = traceRatio(`${cold}, message differs each call`);
  const coldStackRead =
    get(`${cold}, message differs each call, untraced, stack read once`) /
    get(`${cold}, message differs each call, untraced`);
  const coldFloor =
    get(`${cold}, message differs each call, hand-written catch + stack read + rethrow`) /
    get(`${cold}, message differs each call, untraced`);
  const spanOverhead = get('OpenTelemetry span per call') - get('plain sync call');
  const counterOverhead = get('prom-client counter per call') - get('plain sync call');
  const heapGrowthMb = memoryOfFailures();
  const warmLoops = failureRatiosInPlainLoops(warmRunStep);
  const coldLoops = failureRatiosInPlainLoops(runStep);

  console.log(`@track/core bench, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
  console.log('| case | mean ns/call | median ns/call |');
  console.log('|---|---:|---:|');
  for (const [name, { avg, p50 }] of ns) console.log(`| ${name} | ${avg.toFixed(1)} | ${p50.toFixed(1)} |`);
  console.log('');
  const ratio = (value: number) => `${value.toFixed(2)}x`;
  const loopRatios = (loops: LoopRatios) =>
    `${ratio(loops.sameError)} / ${ratio(loops.messageDiffers)} / ${ratio(loops.floor)}`;
  const targets: [string, string, boolean | undefined][] = [
    ['traced sync overhead <= 5 ns', `${syncOverhead.toFixed(1)} ns`, syncOverhead <= 5],
    ['traced async overhead <= 50 ns', `${asyncOverhead.toFixed(1)} ns`, asyncOverhead <= 50],
    ['traced failure <= 3x untraced, warm path, same error each call', ratio(warmSame), warmSame <= 3],
    [
      'traced failure <= 3x untraced, warm path, message differs each call',
      ratio(warmDiffers),
      warmDiffers <= 3,
    ],
    [
      'traced rejection <= 3x untraced, async, message differs each call',
      ratio(asyncRejection),
      asyncRejection <= 3,
    ],
    ['(context) warm path, untraced failure whose stack is read once', ratio(warmStackRead), undefined],
    ['(context) warm path floor: hand-written catch, stack read once, rethrow', ratio(warmFloor), undefined],
    [
      '(context) cold path, traced: same error / message differs',
      `${ratio(coldSame)} / ${ratio(coldDiffers)}`,
      undefined,
    ],
    ['(context) cold path, untraced failure whose stack is read once', ratio(coldStackRead), undefined],
    ['(context) cold path floor: hand-written catch, stack read once, rethrow', ratio(coldFloor), undefined],
    ['(cross-check) plain timing loops, warm path: same / differs / floor', loopRatios(warmLoops), undefined],
    ['(cross-check) plain timing loops, cold path: same / differs / floor', loopRatios(coldLoops), undefined],
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
