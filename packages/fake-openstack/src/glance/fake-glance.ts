import { createHash } from 'node:crypto';
import { FakeHttpError } from '../fake-context';
import { type FakeRequest, json } from '../fake-request';
import { RouteTable } from '../route-table';
import type { ServiceHandler } from '../service-handler';

/** An image of the fake Glance: the one a fake server boots from. */
export interface FakeImage {
  id: string;
  name: string;
  size: number;
  createdAt: string;
  /** The owning project: the admin's, who uploaded the public image. */
  owner: string;
}

/**
 * The fake Glance v2 subset: list (with `name`, `status`, `visibility`, `limit`, `marker`) and show
 * of the public images servers boot from, as Glance 25 (Zed) answers them. Enough for the
 * `openstack` CLI, which resolves image names and needs an `image` service in the catalog.
 */
export class FakeGlance {
  readonly images: FakeImage[];
  readonly routes = new RouteTable<ServiceHandler>();

  /** `imageIds`: the images servers boot from, public, owned by `ownerProjectId` (the admin's). */
  constructor(imageIds: readonly string[], ownerProjectId: string) {
    this.images = imageIds.map((id, i) => ({
      id,
      name: i === 0 ? 'cirros-0.6.2-x86_64-disk' : `image-${i}`,
      size: 21430272,
      createdAt: '2026-01-01T00:00:00Z',
      owner: ownerProjectId,
    }));
    this.routes
      .add('GET', '/v2/images', (req) => this.#list(req))
      .add('GET', '/v2/images/{image_id}', (_req, p) => json(200, imageBody(this.#image(p.image_id!))));
  }

  #image(id: string): FakeImage {
    const image = this.images.find((i) => i.id === id);
    if (!image) throw new FakeHttpError(404, `No image found with ID ${id}`);
    return image;
  }

  #list(req: FakeRequest) {
    const name = req.query.get('name');
    const status = req.query.get('status');
    const visibility = req.query.get('visibility');
    let list = this.images.filter(
      (i) =>
        (name === null || i.name === name) &&
        (status === null || status === 'active') &&
        (visibility === null || visibility === 'public' || visibility === 'all'),
    );
    const marker = req.query.get('marker');
    if (marker !== null) {
      const index = list.findIndex((i) => i.id === marker);
      if (index < 0) throw new FakeHttpError(400, `Invalid marker. Image ${marker} could not be found.`);
      list = list.slice(index + 1);
    }
    const limitParam = req.query.get('limit');
    const body: Record<string, unknown> = {};
    if (limitParam !== null) {
      const limit = Number(limitParam);
      if (!Number.isInteger(limit) || limit < 0) throw new FakeHttpError(400, 'limit param must be positive');
      if (list.length > limit && limit > 0)
        body.next = `/v2/images?marker=${list[limit - 1]!.id}&limit=${limit}`;
      list = list.slice(0, limit);
    }
    return json(200, {
      images: list.map(imageBody),
      first: '/v2/images',
      schema: '/v2/schemas/images',
      ...body,
    });
  }
}

/** An image's JSON as Glance 25 shows it (a public, active raw image). */
function imageBody(image: FakeImage): Record<string, unknown> {
  const sha = createHash('sha512').update(image.id).digest('hex');
  return {
    id: image.id,
    name: image.name,
    status: 'active',
    visibility: 'public',
    protected: false,
    os_hidden: false,
    checksum: createHash('md5').update(image.id).digest('hex'),
    os_hash_algo: 'sha512',
    os_hash_value: sha,
    owner: image.owner,
    size: image.size,
    virtual_size: 117440512,
    min_ram: 0,
    min_disk: 0,
    disk_format: 'qcow2',
    container_format: 'bare',
    created_at: image.createdAt,
    updated_at: image.createdAt,
    tags: [],
    self: `/v2/images/${image.id}`,
    file: `/v2/images/${image.id}/file`,
    schema: '/v2/schemas/image',
    // The stores holding the image's data (Glance's multi-store backends), comma-separated.
    stores: 'file',
  };
}

/** Glance 25's version list (`GET /image/`): v2.16 current, the earlier v2 minors supported. */
export function glanceVersions(origin: string): unknown {
  const values = [];
  for (let minor = 16; minor >= 0; minor--) {
    values.push({
      id: `v2.${minor}`,
      status: minor === 16 ? 'CURRENT' : 'SUPPORTED',
      links: [{ rel: 'self', href: `${origin}/image/v2/` }],
    });
  }
  return { versions: values };
}
