import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeCloud } from '@track/fake-openstack';
import { InProcessTransport, Manager, RequestTimeout, type Transport } from '@track/openstack-clients';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { describeLeft, writeOrphans } from '../commands/run/orphans-file';
import { volumeCreateDelete } from '../scenarios/volume-scenarios';
import { cleanUpAfterRun } from './cleanup';
import { ResourceJournal } from './resource-journal';
import { newProgress } from './run-engine';
import { runParts } from './runner';

/**
 * A transport that loses the answer of the `nth` volume creates: the client gets the clients' own
 * timeout error at once, and the cloud performs the create `performAfterMs` later (as a cloud that
 * finishes a create after the client gave up), or never when `performAfterMs` is undefined.
 */
function losingCreates(
  inner: Transport,
  nth: ReadonlySet<number>,
  performAfterMs?: number,
): Transport & { performed: Promise<unknown>[] } {
  let creates = 0;
  const performed: Promise<unknown>[] = [];
  return {
    performed,
    async request(request) {
      if (request.method === 'POST' && /\/volumes$/.test(new URL(request.url).pathname)) {
        creates++;
        if (nth.has(creates)) {
          if (performAfterMs !== undefined)
            performed.push(
              new Promise((resolve) => setTimeout(resolve, performAfterMs)).then(() =>
                inner.request({ ...request, signal: undefined }),
              ),
            );
          throw new RequestTimeout(`POST ${request.url} timed out`, {
            method: 'POST',
            url: request.url,
            timeoutMs: 1000,
          });
        }
      }
      return inner.request(request);
    },
    close: () => inner.close?.() ?? Promise.resolve(),
  };
}

const open: Manager[] = [];
afterEach(async () => {
  for (const manager of open.splice(0)) await manager.close();
  vi.restoreAllMocks();
});

async function runWith(fake: FakeCloud, transport: Transport, runId: string) {
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const manager = Manager.fromFakeCloud(fake, { transport, client: { waiter: { intervalMs: 2 } } });
  open.push(manager);
  const journal = new ResourceJournal(runId);
  await runParts(
    {
      manager,
      journal,
      compute: { flavorRef: '1', imageRef: fake.computeDefaults.imageId },
      parts: [{ scenario: volumeCreateDelete, concurrency: 2, kwargs: {} }],
      iterations: 8,
      stopSignal: new AbortController().signal,
      abortSignal: new AbortController().signal,
      seed: 1,
    },
    newProgress(),
  );
  const report = await cleanUpAfterRun(manager, journal, { lookupWindowMs: 3_000 });
  return { journal, report };
}

describe('a create whose answer is lost', () => {
  test('the cloud creates it after the client gave up: it is found by name later and deleted, nothing leaks', async () => {
    const fake = new FakeCloud({ seed: 31, timeScale: 0.002 });
    const transport = losingCreates(new InProcessTransport(fake), new Set([2, 5]), 300);
    const { journal } = await runWith(fake, transport, 'lostlate');
    // Both late creates have happened by now (the cleanup waited for them, or the test does).
    expect(transport.performed).toHaveLength(2);
    await Promise.all(transport.performed);
    // The run's one look right after the timeout finds nothing; the old cleanup then dropped the
    // entry as never created and the volume leaked.
    expect(fake.resources().volumes).toEqual([]);
    expect(journal.pending()).toEqual([]);
  }, 60_000);

  test('not found within the lookup window: kept as maybe created, listed in orphans.json and in the summary', async () => {
    const fake = new FakeCloud({ seed: 32, timeScale: 0.002 });
    const { journal, report } = await runWith(
      fake,
      losingCreates(new InProcessTransport(fake), new Set([3])),
      'lostnever',
    );
    const left = journal.pending();
    expect(left.map((e) => ({ name: e.name, unanswered: e.unanswered }))).toEqual([
      { name: expect.stringMatching(/^track-lostnever-volume-\d+$/), unanswered: true },
    ]);
    expect(report?.maybeCreated.map((m) => m.name)).toEqual([left[0]!.name]);
    const out = mkdtempSync(join(tmpdir(), 'orphans-'));
    expect(writeOrphans(out, 'lostnever', left)).toBe(join(out, 'orphans.json'));
    expect(JSON.parse(readFileSync(join(out, 'orphans.json'), 'utf8'))).toEqual({
      runId: 'lostnever',
      resources: [{ kind: 'volume', name: left[0]!.name, state: 'maybe-created' }],
    });
    expect(describeLeft(left)).toContain(`maybe created: volume ${left[0]!.name} (its create got no answer`);
  }, 60_000);
});
