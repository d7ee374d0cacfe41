import { FakeHttpError } from '../fake-context';
import { type FakeRequest, json } from '../fake-request';
import type { ServiceRoutes } from '../service-handler';
import type { NovaState } from './nova-state';
import type { FakeFlavor } from './records';

/** Nova's flavors: list (summary and detail, `minRam`/`minDisk` filters), show, and their extra specs. */
export function addFlavorRoutes(routes: ServiceRoutes, state: NovaState): void {
  routes
    .add('GET', '/flavors', (req, _p, _t, v) =>
      json(200, { flavors: flavorsFiltered(state, req).map((f) => flavorSummary(f, v, req.origin)) }),
    )
    .add('GET', '/flavors/detail', (req, _p, _t, v) =>
      json(200, { flavors: flavorsFiltered(state, req).map((f) => flavorBody(f, v, req.origin)) }),
    )
    .add('GET', '/flavors/{flavor_id}', (req, p, _t, v) =>
      json(200, { flavor: flavorBody(flavorById(state, p.flavor_id!), v, req.origin) }),
    )
    .add('GET', '/flavors/{flavor_id}/os-extra_specs', (_req, p) =>
      json(200, { extra_specs: flavorById(state, p.flavor_id!).extraSpecs ?? {} }),
    )
    .add('GET', '/flavors/{flavor_id}/os-extra_specs/{key}', (_req, p) => {
      const flavor = flavorById(state, p.flavor_id!);
      const value = flavor.extraSpecs?.[p.key!];
      if (value === undefined)
        throw new FakeHttpError(404, `Flavor ${flavor.id} has no extra specs with key ${p.key}.`);
      return json(200, { [p.key!]: value });
    });
}

function flavorById(state: NovaState, id: string): FakeFlavor {
  const flavor = state.flavors.find((f) => f.id === id);
  if (!flavor) throw new FakeHttpError(404, `Flavor ${id} could not be found.`);
  return flavor;
}

function flavorsFiltered(state: NovaState, req: FakeRequest): FakeFlavor[] {
  const minRam = Number(req.query.get('minRam') ?? 0);
  const minDisk = Number(req.query.get('minDisk') ?? 0);
  return state.flavors.filter((f) => f.ram >= minRam && f.disk >= minDisk);
}

function flavorSummary(f: FakeFlavor, version: number, origin: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: f.id,
    name: f.name,
    links: [
      { rel: 'self', href: `${origin}/compute/v2.1/flavors/${f.id}` },
      { rel: 'bookmark', href: `${origin}/compute/flavors/${f.id}` },
    ],
  };
  if (version >= 2055) body.description = null;
  return body;
}

function flavorBody(f: FakeFlavor, version: number, origin: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    ...flavorSummary(f, version, origin),
    ram: f.ram,
    vcpus: f.vcpus,
    disk: f.disk,
    'OS-FLV-EXT-DATA:ephemeral': 0,
    'OS-FLV-DISABLED:disabled': false,
    // No swap is "" until 2.75, 0 from there.
    swap: version >= 2075 ? 0 : '',
    rxtx_factor: 1.0,
    'os-flavor-access:is_public': true,
  };
  if (version >= 2061) body.extra_specs = f.extraSpecs ?? {};
  return body;
}
