import { NotFound } from '../errors';
import { ServiceClient } from '../service-client';
import { keypairFromWire } from './server-mapping';
import type { Keypair } from './types';

type Wire = Record<string, unknown>;

/** Nova keypairs (create answers 200 or 201, delete 202 or 204: both accepted). */
export class KeypairsClient extends ServiceClient {
  protected readonly _service = 'compute' as const;

  async createKeypair(request: {
    name: string;
    publicKey?: string;
    type?: 'ssh' | 'x509';
  }): Promise<Keypair> {
    const keypair: Wire = { name: request.name };
    if (request.publicKey !== undefined) keypair.public_key = request.publicKey;
    if (request.type !== undefined) keypair.type = request.type;
    const response = await this._request<{ keypair: Wire }>('POST', '/os-keypairs', {
      body: { keypair },
      expectedStatus: [200, 201],
    });
    return keypairFromWire(response.body.keypair);
  }

  async getKeypair(name: string): Promise<Keypair> {
    const response = await this._request<{ keypair: Wire }>(
      'GET',
      `/os-keypairs/${encodeURIComponent(name)}`,
    );
    return keypairFromWire(response.body.keypair);
  }

  async listKeypairs(): Promise<Keypair[]> {
    const response = await this._request<{ keypairs: { keypair: Wire }[] }>('GET', '/os-keypairs');
    return response.body.keypairs.map((k) => keypairFromWire(k.keypair));
  }

  async deleteKeypair(name: string): Promise<void> {
    await this._request('DELETE', `/os-keypairs/${encodeURIComponent(name)}`, { expectedStatus: [202, 204] });
  }

  async isResourceDeleted(name: string): Promise<boolean> {
    try {
      await this.getKeypair(name);
      return false;
    } catch (error) {
      if (error instanceof NotFound) return true;
      throw error;
    }
  }
}
