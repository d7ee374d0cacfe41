/**
 * The seed's usage in TypeScript: a `setUpTracking(trace)` that decorates every client of the manager
 * in scope (as Tempest's seed method decorates `self.manager`'s clients), some calls, the statistics
 * logged at the end. Run in packages/core: `node --import tsx examples/set-up-tracking.ts`.
 * The package README shows this file's output; test/readme-example.test.ts keeps the two in step.
 */
import { Trace } from '../src/index';

class NotFound extends Error {
  override name = 'NotFound';
}

/** A stand-in for @track/openstack-clients' VolumesClient, so this example needs nothing else. */
class VolumesClient {
  readonly #volumes = new Map<string, string>();
  async createVolume(name: string): Promise<string> {
    const id = `vol-${this.#volumes.size + 1}`;
    this.#volumes.set(id, name);
    return id;
  }
  async getVolume(id: string): Promise<{ id: string; name: string }> {
    const name = this.#volumes.get(id);
    if (name === undefined) throw new NotFound(`Volume ${id} could not be found.`);
    return { id, name };
  }
  async deleteVolume(id: string): Promise<void> {
    this.#volumes.delete(id);
  }
  async isResourceDeleted(id: string): Promise<boolean> {
    try {
      await this.getVolume(id);
      return false;
    } catch (error) {
      if (error instanceof NotFound) return true;
      throw error;
    }
  }
}

/** A stand-in for @track/openstack-clients' Manager: its clients, listed by `clients()`. */
class Manager {
  readonly volumesClient = new VolumesClient();
  clients(): Record<string, object> {
    return { volumesClient: this.volumesClient };
  }
}

const manager = new Manager();

function setUpTracking(trace: Trace): void {
  for (const client of Object.values(manager.clients())) trace.decorate(client);
}

const trace = new Trace();
setUpTracking(trace);

const { volumesClient } = manager;
for (let i = 0; i < 3; i++) {
  const id = await volumesClient.createVolume(`track-demo-${i}`);
  await volumesClient.getVolume(id);
  await volumesClient.deleteVolume(id);
  await volumesClient.isResourceDeleted(id); // its NotFound is the expected answer: a pass
}
await volumesClient.getVolume('vol-404').catch(() => undefined); // a real failure

const stats = trace.stats.log();
const failure = stats.find((m) => m.method === 'getVolume')!.failures[0]!;
console.info(`first failure of getVolume: ${failure.name}: ${failure.message} (x${failure.count})`);
