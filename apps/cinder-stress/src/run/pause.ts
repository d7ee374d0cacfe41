import { abortableSleep } from '@track/openstack-clients';

/** Waits `ms`; resolves early (never rejects) when `signal` aborts, and leaves no listener behind. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return abortableSleep(ms, signal).catch(() => undefined);
}
