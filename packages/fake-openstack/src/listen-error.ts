/**
 * The fake cloud could not listen where it was asked: `code` `FAKE_CLOUD_PORT_IN_USE` (another
 * process holds the port) or `FAKE_CLOUD_LISTEN_FAILED` (any other reason, named in the message).
 */
export class FakeCloudListenError extends Error {
  /** Stable machine-readable code. */
  readonly code: 'FAKE_CLOUD_PORT_IN_USE' | 'FAKE_CLOUD_LISTEN_FAILED';
  readonly port: number;
  readonly host: string;

  constructor(port: number, host: string, cause: unknown) {
    const nodeCode = (cause as NodeJS.ErrnoException | undefined)?.code;
    const inUse = nodeCode === 'EADDRINUSE';
    super(
      inUse
        ? `port ${port} is in use on ${host}: stop what listens there, or choose another port (0 picks a free one)`
        : `cannot listen on ${host}:${port} (${nodeCode ?? (cause as Error)?.message ?? String(cause)}): choose another host or port`,
      { cause },
    );
    this.name = 'FakeCloudListenError';
    this.code = inUse ? 'FAKE_CLOUD_PORT_IN_USE' : 'FAKE_CLOUD_LISTEN_FAILED';
    this.port = port;
    this.host = host;
  }
}
