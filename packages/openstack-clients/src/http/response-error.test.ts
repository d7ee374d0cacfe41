import { describe, expect, test } from 'vitest';
import { OverLimit, ServerFault } from '../errors';
import { errorFromResponse } from './response-error';
import { SecretRegistry } from './secret-registry';
import type { TransportResponse } from './transport';

const request = { method: 'GET', url: 'https://cinder.test/v3/p/volumes' };
const now = () => Date.parse('2026-11-25T00:00:00Z');

function answer(status: number, headers: Record<string, string>): TransportResponse {
  return { status, headers: { 'content-type': 'text/html', ...headers }, body: '<h1>busy</h1>' };
}

describe('errorFromResponse and Retry-After', () => {
  test.each([
    ['delay seconds', { 'retry-after': '7' }, 7],
    [
      'an HTTP date, taken against the Date header',
      { 'retry-after': 'Wed, 25 Nov 2026 00:01:00 GMT', date: 'Wed, 25 Nov 2026 00:00:30 GMT' },
      30,
    ],
    [
      'an HTTP date without a Date header, against the clock',
      { 'retry-after': 'Wed, 25 Nov 2026 00:00:12 GMT' },
      12,
    ],
    ['no header', {}, undefined],
    ['an unparseable header', { 'retry-after': 'soon' }, undefined],
  ])('a 503 carries the Retry-After it was given as %s', (_form, headers, seconds) => {
    const error = errorFromResponse(answer(503, headers), request, new SecretRegistry(), now);
    expect(error).toBeInstanceOf(ServerFault);
    expect(error).toMatchObject({ status: 503, code: 'OPENSTACK_SERVER_FAULT', retryAfter: seconds });
    expect((error as ServerFault).toJSON()).toMatchObject({ retryAfter: seconds });
    if (seconds === undefined) expect(error.message).not.toContain('Retry-After');
    else expect(error.message).toContain(`; Retry-After ${seconds} s`);
  });

  test('other 5xx answers stay plain ServerFaults (Retry-After belongs to 503)', () => {
    const error = errorFromResponse(answer(500, { 'retry-after': '7' }), request, new SecretRegistry(), now);
    expect(error).toBeInstanceOf(ServerFault);
    expect((error as ServerFault).retryAfter).toBeUndefined();
  });

  test('a 429 still carries its Retry-After as an OverLimit', () => {
    const error = errorFromResponse(answer(429, { 'retry-after': '3' }), request, new SecretRegistry(), now);
    expect(error).toBeInstanceOf(OverLimit);
    expect((error as OverLimit).retryAfter).toBe(3);
  });
});
