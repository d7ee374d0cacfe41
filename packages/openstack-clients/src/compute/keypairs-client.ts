import type { ClientOptions } from '../client-options';
import type { ServiceSession } from '../http/session';
import { ServiceApi, ServiceClient } from '../service-client';
import { type DeletionProbeOptions, probeDeletion } from '../waiters/deletion-waiter';
import { type ObservedCallOptions, requestFactsOf } from '../waiters/request-facts';
import { presentStatus, type WatchedResource } from '../waiters/watched-resource';
import { keypairFromWire } from './server-mapping';
import type { Keypair } from './types';

type Wire = Record<string, unknown>;

/** Keypairs as the deletion probe sees them: no status, only there or gone. */
const KEYPAIR: WatchedResource<Keypair> = { type: 'keypair', status: presentStatus };

/** Nova keypairs (create answers 200 or 201, delete 202 or 204: both accepted). */
export class KeypairsClient extends ServiceClient {
  readonly #api: ServiceApi;

  constructor(session: ServiceSession, options?: ClientOptions) {
    super();
    this.#api = new ServiceApi('compute', session, options);
  }

  /** Creates (or, without `publicKey`, generates) a keypair. */
  async createKeypair(request: {
    name: string;
    publicKey?: string;
    type?: 'ssh' | 'x509';
  }): Promise<Keypair> {
    const keypair: Wire = { name: request.name };
    if (request.publicKey !== undefined) keypair.public_key = request.publicKey;
    if (request.type !== undefined) keypair.type = request.type;
    const response = await this.#api.request<{ keypair: Wire }>('POST', '/os-keypairs', {
      body: { keypair },
      expectedStatus: [200, 201],
    });
    return keypairFromWire(response.body.keypair);
  }

  /** One keypair. `onResponse` learns the request's method, URL and request id. */
  async getKeypair(name: string, options: ObservedCallOptions = {}): Promise<Keypair> {
    const path = `/os-keypairs/${encodeURIComponent(name)}`;
    const response = await this.#api.request<{ keypair: Wire }>('GET', path);
    options.onResponse?.(requestFactsOf('GET', path, response));
    return keypairFromWire(response.body.keypair);
  }

  /** The user's keypairs. */
  async listKeypairs(): Promise<Keypair[]> {
    const response = await this.#api.request<{ keypairs: { keypair: Wire }[] }>('GET', '/os-keypairs');
    return response.body.keypairs.map((k) => keypairFromWire(k.keypair));
  }

  /** Deletes a keypair. */
  async deleteKeypair(name: string): Promise<void> {
    await this.#api.request('DELETE', `/os-keypairs/${encodeURIComponent(name)}`, {
      expectedStatus: [202, 204],
    });
  }

  /** True when the keypair is gone (404, whitelisted by Trace). */
  async isResourceDeleted(name: string, options?: DeletionProbeOptions): Promise<boolean> {
    // Awaited, so this method's frame is on the async stack of the 404 (the whitelist reads it).
    return await probeDeletion(KEYPAIR, name, (o) => this.getKeypair(name, o), options);
  }
}
