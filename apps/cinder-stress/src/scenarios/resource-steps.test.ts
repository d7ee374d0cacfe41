import { BadRequest, ConnectionError, OverLimit, ServerFault, Unauthorized } from '@track/openstack-clients';
import { describe, expect, test } from 'vitest';
import { ResourceJournal } from '../run/resource-journal';
import { createTracked, isCreateRefused } from './resource-steps';
import type { ScenarioContext } from './scenario';

describe('a create that could not have created anything is not journaled', () => {
  test.each([
    [
      'token refused before the create was sent',
      new Unauthorized('no', { status: 401, method: 'POST', url: 'http://k/v3/auth/tokens' }),
      true,
    ],
    [
      '400 from the API',
      new BadRequest('bad size', { status: 400, method: 'POST', url: 'http://c/v3/p/volumes' }),
      true,
    ],
    [
      'quota exceeded (413)',
      new OverLimit('quota', { status: 413, method: 'POST', url: 'http://c/v3/p/volumes' }),
      true,
    ],
    [
      '500: the cloud may have created it',
      new ServerFault('boom', { status: 500, method: 'POST', url: 'http://c/v3/p/volumes' }),
      false,
    ],
    [
      'lost connection: the cloud may have created it',
      new ConnectionError('reset', { method: 'POST', url: 'http://c/v3/p/volumes' }),
      false,
    ],
    ['an unknown error', new Error('?'), false],
  ])('%s -> refused %s', (_what, error, refused) => {
    expect(isCreateRefused(error)).toBe(refused);
  });

  test.each([
    [new Unauthorized('no', { status: 401, method: 'POST', url: 'http://k/v3/auth/tokens' }), 0],
    [new ServerFault('boom', { status: 503, method: 'POST', url: 'http://c/v3/p/volumes' }), 1],
  ])(
    'createTracked after %s keeps %i journal entries, and always hands the entry to the iteration',
    async (error, kept) => {
      const journal = new ResourceJournal('unit1');
      const owned: never[] = [];
      const context = { journal } as unknown as ScenarioContext;
      await expect(
        createTracked(context, 'volume', owned, async () => {
          throw error;
        }),
      ).rejects.toBe(error);
      expect(journal.pending()).toHaveLength(kept);
      expect(owned).toHaveLength(1);
    },
  );
});
