import { describe, expect, test } from 'vitest';
import { Stats } from './stats';
import { Trace } from './trace';

class NotFound extends Error {
  override name = 'NotFound';
}

class VolumesClient {
  getVolume(id: string): { id: string } {
    if (id === 'missing') throw new NotFound(`Volume ${id} could not be found.`);
    return { id };
  }
  async getVolumeLater(id: string): Promise<{ id: string }> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return this.getVolume(id);
  }
}

/** Undecorated waiters: only their V8 frames (`at VolumesWaiter.isResourceDeleted`) can whitelist. */
class VolumesWaiter {
  constructor(readonly client: VolumesClient) {}
  isResourceDeleted(id: string): boolean {
    try {
      this.client.getVolume(id);
      return false;
    } catch {
      return true;
    }
  }
}

class OtherWaiter {
  constructor(readonly client: VolumesClient) {}
  isResourceDeleted(id: string): boolean {
    try {
      this.client.getVolume(id);
      return false;
    } catch {
      return true;
    }
  }
}

/** A client whose waiters poll through timers: no waiter frame is on the callee's stack. */
class PollingClient extends VolumesClient {
  pollUntilGone(id: string): Promise<void> {
    return new Promise((resolve, reject) => {
      setTimeout(() => {
        this.getVolumeLater(id).then(
          () => reject(new Error('still there')),
          () => resolve(),
        );
      }, 1);
    });
  }
  isResourceDeleted(id: string): boolean {
    if (id === 'broken') throw new Error('the waiter itself failed');
    try {
      this.getVolume(id);
      return false;
    } catch {
      return true;
    }
  }
  waitForServerTermination(id: string): boolean {
    // A whitelisted waiter calling another whitelisted waiter.
    return this.isResourceDeleted(id);
  }
}

describe('whitelist: Class.method entries against real V8 frames', () => {
  test('`VolumesWaiter.isResourceDeleted` whitelists through the frame V8 writes for it, not another class', () => {
    const trace = new Trace({ whitelist: ['VolumesWaiter.isResourceDeleted'] });
    const client = trace.decorate(new VolumesClient());
    expect(new VolumesWaiter(client).isResourceDeleted('missing')).toBe(true);
    expect(trace.stats.get('VolumesClient', 'getVolume')).toMatchObject({ pass: 1, fail: 0 });
    expect(new OtherWaiter(client).isResourceDeleted('missing')).toBe(true);
    expect(trace.stats.get('VolumesClient', 'getVolume')).toMatchObject({ pass: 1, fail: 1 });
  });

  test('a RegExp entry is tested on the frame name `Class.method`', () => {
    const trace = new Trace({ whitelist: [/^VolumesWaiter\.isResource/] });
    const client = trace.decorate(new VolumesClient());
    new VolumesWaiter(client).isResourceDeleted('missing');
    new OtherWaiter(client).isResourceDeleted('missing');
    expect(trace.stats.get('VolumesClient', 'getVolume')).toMatchObject({ pass: 1, fail: 1 });
  });
});

describe('whitelist: traced waiters', () => {
  test("a whitelisted method's own synchronous throw is a failure of that method", () => {
    const trace = new Trace();
    const client = trace.decorate(new PollingClient());
    expect(() => client.isResourceDeleted('broken')).toThrow('the waiter itself failed');
    expect(trace.stats.get('PollingClient', 'isResourceDeleted')).toMatchObject({ pass: 0, fail: 1 });
  });

  test('nested whitelisted waiters: the inner waiter and its callees are passes under the outer one', () => {
    const trace = new Trace();
    const client = trace.decorate(new PollingClient());
    expect(client.waitForServerTermination('missing')).toBe(true);
    expect(trace.stats.get('PollingClient', 'getVolume')).toMatchObject({ pass: 1, fail: 0 });
    expect(() => client.waitForServerTermination('broken')).toThrow('the waiter itself failed');
    // The inner waiter failed under the outer one: a pass; the outer one failed itself: a failure.
    expect(trace.stats.get('PollingClient', 'isResourceDeleted')).toMatchObject({ pass: 2, fail: 0 });
    expect(trace.stats.get('PollingClient', 'waitForServerTermination')).toMatchObject({ pass: 1, fail: 1 });
  });

  test.each([
    ['a Class.method entry', ['PollingClient.pollUntilGone']],
    ['a RegExp entry', [/^pollUntil/]],
  ])('%s enters the async context: callees polled through timers are passes', async (_, whitelist) => {
    const trace = new Trace({ whitelist });
    const client = trace.decorate(new PollingClient());
    await client.pollUntilGone('missing');
    expect(trace.stats.get('PollingClient', 'getVolumeLater')).toMatchObject({ pass: 1, fail: 0 });
    expect(trace.stats.get('PollingClient', 'getVolume')).toMatchObject({ pass: 1, fail: 0 });
    // The same poll outside the waiter fails.
    await client.getVolumeLater('missing').catch(() => undefined);
    expect(trace.stats.get('PollingClient', 'getVolumeLater')).toMatchObject({ pass: 1, fail: 1 });
  });

  test('a Class.method entry of another class does not enter the context', async () => {
    const trace = new Trace({ whitelist: ['OtherClient.pollUntilGone'] });
    const client = trace.decorate(new PollingClient());
    await client.pollUntilGone('missing');
    expect(trace.stats.get('PollingClient', 'getVolumeLater')).toMatchObject({ pass: 0, fail: 1 });
  });
});

describe('whitelist: whitelisted passes are counted apart', () => {
  test('a NotFound under an undecorated waiter frame counts one pass and one whitelisted', () => {
    const trace = new Trace();
    const client = trace.decorate(new VolumesClient());
    client.getVolume('v1');
    expect(new VolumesWaiter(client).isResourceDeleted('missing')).toBe(true);
    expect(() => client.getVolume('missing')).toThrow(NotFound);
    expect(trace.stats.get('VolumesClient', 'getVolume')).toMatchObject({ pass: 2, fail: 1, whitelisted: 1 });
  });

  test('a NotFound under a traced waiter counts one pass and one whitelisted; the waiter itself none', () => {
    const trace = new Trace();
    const client = trace.decorate(new PollingClient());
    expect(client.isResourceDeleted('missing')).toBe(true);
    expect(trace.stats.get('PollingClient', 'getVolume')).toMatchObject({ pass: 1, fail: 0, whitelisted: 1 });
    expect(trace.stats.get('PollingClient', 'isResourceDeleted')).toMatchObject({ pass: 1, whitelisted: 0 });
  });

  test('a rejection under a whitelisted poll counts whitelisted, through the JSON document and merge', async () => {
    const trace = new Trace({ whitelist: ['PollingClient.pollUntilGone'] });
    const client = trace.decorate(new PollingClient());
    await client.pollUntilGone('missing');
    await client.getVolumeLater('v1');
    const doc = trace.stats.toJSON();
    const later = doc.methods.find((m) => m.method === 'getVolumeLater')!;
    expect(later).toMatchObject({ pass: 2, fail: 0, whitelisted: 1 });
    const merged = Stats.fromJSON(doc).merge(JSON.stringify(doc));
    expect(merged.get('PollingClient', 'getVolumeLater')).toMatchObject({ pass: 4, whitelisted: 2 });
    expect(merged.get('PollingClient', 'pollUntilGone')).toMatchObject({ pass: 2, whitelisted: 0 });
    expect(merged.toJSON().methods.find((m) => m.method === 'pollUntilGone')).not.toHaveProperty(
      'whitelisted',
    );
  });
});
