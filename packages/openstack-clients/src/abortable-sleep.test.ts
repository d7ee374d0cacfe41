import { getEventListeners } from 'node:events';
import { describe, expect, test } from 'vitest';
import { abortableSleep } from './abortable-sleep';

describe('abortableSleep', () => {
  test('a finished sleep leaves no listener on the signal (a long run sleeps millions of times on one)', async () => {
    const controller = new AbortController();
    for (let i = 0; i < 20; i++) await abortableSleep(0, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  test('an abort rejects with the signal reason', async () => {
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    controller.abort(new Error('stop now'));
    await expect(sleeping).rejects.toThrow('stop now');
  });

  test('an already aborted signal rejects at once', async () => {
    await expect(abortableSleep(10, AbortSignal.abort(new Error('before')))).rejects.toThrow('before');
  });
});
