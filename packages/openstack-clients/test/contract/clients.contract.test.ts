import {
  BadRequest,
  type CreateServerRequest,
  Forbidden,
  NotFound,
  type QuotaUsage,
} from '@track/openstack-clients';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type ContractTarget,
  inProcessTarget,
  loopbackTarget,
  realCloudConfigured,
  realTarget,
} from './targets';

const real = realCloudConfigured();
if (!real.configured) console.info(`contract suite: the real-cloud target is skipped (${real.reason})`);
else {
  if (!real.compute) console.info(`contract suite: real cloud without compute tests (${real.computeReason})`);
  if (!real.floatingIps)
    console.info(`contract suite: real cloud without floating-IP tests (${real.floatingIpsReason})`);
}

/** What a target can run: the fakes run everything; a real cloud what its settings allow. */
interface Capabilities {
  enabled: boolean;
  /** Servers can be booted (a flavor and an image are known). */
  compute: boolean;
  /** Floating IPs can be allocated (an external network is known). */
  floatingIps: boolean;
  /** A fake: admin-only calls and leak checks run (never against a real cloud). */
  fake: boolean;
}

const everything: Capabilities = { enabled: true, compute: true, floatingIps: true, fake: true };
const targets: [string, () => Promise<ContractTarget>, Capabilities][] = [
  ['in-process fake', () => inProcessTarget(), everything],
  ['loopback HTTP fake', () => loopbackTarget(), everything],
  [
    'real cloud',
    realTarget,
    { enabled: real.configured, compute: real.compute, floatingIps: real.floatingIps, fake: false },
  ],
];

describe.each(targets)('contract: %s', (_name, make, can) => {
  const enabled = can.enabled;
  let target: ContractTarget;
  const run = `track-contract-${process.pid}-${Date.now().toString(36)}`;
  beforeAll(async () => {
    if (enabled) target = await make();
  });
  afterAll(async () => {
    if (enabled) await target.close();
  });

  test.skipIf(!enabled)(
    'volume lifecycle: create, wait available, get, list, update, delete, wait gone',
    async () => {
      const { volumesClient } = target.manager;
      const created = await volumesClient.createVolume({
        size: 1,
        name: `${run}-vol`,
        metadata: { purpose: 'contract' },
      });
      expect(created.status).toBe('creating');
      expect(created.createdAt).toBeInstanceOf(Date);
      const available = await volumesClient.waitForVolumeStatus(created.id, 'available');
      expect(available).toMatchObject({
        id: created.id,
        size: 1,
        name: `${run}-vol`,
        metadata: { purpose: 'contract' },
        bootable: false,
      });
      expect((await volumesClient.listVolumes({ name: `${run}-vol` })).map((v) => v.id)).toContain(
        created.id,
      );
      expect(
        (await volumesClient.listVolumesDetail()).some(
          (v) => v.id === created.id && v.status === 'available',
        ),
      ).toBe(true);
      expect((await volumesClient.updateVolume(created.id, { description: 'renamed' })).description).toBe(
        'renamed',
      );
      await volumesClient.deleteVolume(created.id);
      await volumesClient.waitForResourceDeletion(created.id);
      await expect(volumesClient.getVolume(created.id)).rejects.toBeInstanceOf(NotFound);
      expect(await volumesClient.isResourceDeleted(created.id)).toBe(true);
    },
  );

  test.skipIf(!enabled)('snapshot flow, and a volume with snapshots cannot be deleted', async () => {
    const { volumesClient, snapshotsClient } = target.manager;
    const volume = await volumesClient.createVolume({ size: 1, name: `${run}-snapvol` });
    await volumesClient.waitForVolumeStatus(volume.id, 'available');
    const snapshot = await snapshotsClient.createSnapshot({ volumeId: volume.id, name: `${run}-snap` });
    await snapshotsClient.waitForSnapshotStatus(snapshot.id, 'available');
    expect((await snapshotsClient.getSnapshot(snapshot.id)).volumeId).toBe(volume.id);
    expect((await snapshotsClient.listSnapshots()).some((s) => s.id === snapshot.id)).toBe(true);
    expect((await snapshotsClient.listSnapshotsDetail()).find((s) => s.id === snapshot.id)?.progress).toBe(
      '100%',
    );
    expect((await snapshotsClient.updateSnapshot(snapshot.id, { name: `${run}-snap2` })).name).toBe(
      `${run}-snap2`,
    );
    await expect(volumesClient.deleteVolume(volume.id)).rejects.toBeInstanceOf(BadRequest);
    await snapshotsClient.deleteSnapshot(snapshot.id);
    await snapshotsClient.waitForResourceDeletion(snapshot.id);
    await volumesClient.deleteVolume(volume.id);
    await volumesClient.waitForResourceDeletion(volume.id);
  });

  test.skipIf(!can.compute)(
    'attach and detach choreography with Tempest waits; an in-use volume cannot be deleted',
    async () => {
      const { volumesClient, serversClient } = target.manager;
      const volume = await volumesClient.createVolume({ size: 1, name: `${run}-attvol` });
      const server = await serversClient.createServer(serverRequest(`${run}-srv`));
      await volumesClient.waitForVolumeStatus(volume.id, 'available');
      await serversClient.waitForServerStatus(server.id, 'ACTIVE');
      const attachment = await serversClient.attachVolume(server.id, { volumeId: volume.id });
      expect(attachment.volumeId).toBe(volume.id);
      await volumesClient.waitForVolumeAttachmentCreate(volume.id, server.id);
      const inUse = await volumesClient.waitForVolumeStatus(volume.id, 'in-use');
      expect(inUse.attachments[0]?.serverId).toBe(server.id);
      expect((await serversClient.listVolumeAttachments(server.id)).map((a) => a.volumeId)).toEqual([
        volume.id,
      ]);
      expect((await serversClient.getVolumeAttachment(server.id, volume.id)).serverId).toBe(server.id);
      await expect(volumesClient.deleteVolume(volume.id)).rejects.toBeInstanceOf(BadRequest);
      await serversClient.detachVolume(server.id, volume.id);
      await serversClient.waitForVolumeAttachmentRemoveFromServer(server.id, volume.id);
      await volumesClient.waitForVolumeStatus(volume.id, 'available');
      await expect(serversClient.detachVolume(server.id, volume.id)).rejects.toBeInstanceOf(NotFound);
      await serversClient.deleteServer(server.id);
      await serversClient.waitForServerTermination(server.id);
      await volumesClient.deleteVolume(volume.id);
      await volumesClient.waitForResourceDeletion(volume.id);
    },
  );

  test.skipIf(!enabled)('404 bodies become NotFound with the request id and the server message', async () => {
    const error = await target.manager.volumesClient
      .getVolume('00000000-0000-4000-8000-000000000000')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFound);
    expect((error as NotFound).code).toBe('OPENSTACK_NOT_FOUND');
    expect((error as NotFound).status).toBe(404);
    expect((error as NotFound).requestId).toMatch(/^req-/);
    expect((error as NotFound).message).toContain('GET ');
  });

  test.skipIf(!enabled)('keypairs, flavors, limits, quotas, types and networks', async () => {
    const m = target.manager;
    const name = `${run}-kp`;
    const keypair = await m.keypairsClient.createKeypair({
      name,
      // A well-formed ed25519 key (real Nova computes its fingerprint and rejects a malformed one).
      publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJLO5goYkT8I88ItlApq21XzhKSfGEUAZGIY83z9KnwI contract',
    });
    expect(keypair.fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    expect((await m.keypairsClient.listKeypairs()).map((k) => k.name)).toContain(name);
    expect((await m.keypairsClient.getKeypair(name)).name).toBe(name);
    await m.keypairsClient.deleteKeypair(name);
    expect(await m.keypairsClient.isResourceDeleted(name)).toBe(true);
    const flavors = await m.flavorsClient.listFlavorsDetail();
    expect(flavors.length).toBeGreaterThan(0);
    expect((await m.flavorsClient.getFlavor(flavors[0]!.id)).name).toBe(flavors[0]!.name);
    expect(typeof (await m.limitsClient.showLimits()).maxTotalInstances).toBe('number');
    expect(typeof (await m.volumeLimitsClient.showLimits()).maxTotalVolumes).toBe('number');
    expect(await m.quotasClient.showQuotaSet()).toHaveProperty('instances');
    expect((await m.volumeQuotasClient.showQuotaSet(undefined, { usage: true })).volumes).toMatchObject({
      limit: expect.any(Number),
    });
    expect((await m.volumeTypesClient.listVolumeTypes()).length).toBeGreaterThan(0);
    const defaultType = await m.volumeTypesClient.getDefaultVolumeType();
    expect(defaultType.name).toBeTruthy();
    expect(await m.volumeTypesClient.getVolumeType(defaultType.id)).toMatchObject({
      id: defaultType.id,
      name: defaultType.name,
    });
    const flavorSummaries = await m.flavorsClient.listFlavors();
    expect(flavorSummaries.map((f) => f.id).sort()).toEqual(flavors.map((f) => f.id).sort());
    expect(flavorSummaries[0]).toEqual({ id: expect.any(String), name: expect.any(String) });
    expect(Array.isArray(await m.networkClient.listNetworks())).toBe(true);
  });

  test.skipIf(!enabled)('extendVolume grows an available volume; a shrink is a BadRequest', async () => {
    const { volumesClient } = target.manager;
    const volume = await volumesClient.createVolume({ size: 1, name: `${run}-extend` });
    await volumesClient.waitForVolumeStatus(volume.id, 'available');
    await volumesClient.extendVolume(volume.id, 2);
    const extended = await volumesClient.waitForVolumeStatus(volume.id, 'available');
    expect(extended.size).toBe(2);
    await expect(volumesClient.extendVolume(volume.id, 1)).rejects.toBeInstanceOf(BadRequest);
    await volumesClient.deleteVolume(volume.id);
    await volumesClient.waitForResourceDeletion(volume.id);
  });

  test.skipIf(!enabled)('Nova quota detail and defaults', async () => {
    const { quotasClient } = target.manager;
    const detail = await quotasClient.showQuotaSetDetail();
    expect(detail.instances).toEqual({
      limit: expect.any(Number),
      inUse: expect.any(Number),
      reserved: expect.any(Number),
    });
    expect((detail.instances as QuotaUsage).inUse).toBeGreaterThanOrEqual(0);
    const defaults = await quotasClient.showDefaultQuotaSet();
    expect(typeof defaults.instances).toBe('number');
    expect(typeof defaults.cores).toBe('number');
  });

  test.skipIf(!can.compute)(
    'servers: getServer and listServersDetail show the booted server; deleteServer removes it',
    async () => {
      const { serversClient } = target.manager;
      const { id } = await serversClient.createServer(serverRequest(`${run}-getsrv`));
      await serversClient.waitForServerStatus(id, 'ACTIVE');
      const server = await serversClient.getServer(id);
      expect(server).toMatchObject({ id, name: `${run}-getsrv`, status: 'ACTIVE', taskState: null });
      expect(server.flavorId ?? target.compute!.flavorId).toBeTruthy();
      const detail = await serversClient.listServersDetail({ name: `${run}-getsrv` });
      expect(detail.find((s) => s.id === id)).toMatchObject({ status: 'ACTIVE', name: `${run}-getsrv` });
      await serversClient.deleteServer(id);
      await serversClient.waitForServerTermination(id);
      await expect(serversClient.getServer(id)).rejects.toBeInstanceOf(NotFound);
    },
  );

  test.skipIf(!can.compute)(
    'servers: networks "none" is sent at a negotiated microversion and boots a server without addresses',
    async () => {
      const { serversClient } = target.manager;
      const versions = await serversClient.computeVersions();
      expect(versions.version).toBe('2.37');
      const { id } = await serversClient.createServer({ ...serverRequest(`${run}-nonet`), networks: 'none' });
      const server = await serversClient.waitForServerStatus(id, 'ACTIVE');
      expect(server.addresses).toEqual({});
      await serversClient.deleteServer(id);
      await serversClient.waitForServerTermination(id);
    },
  );

  test.skipIf(!can.floatingIps)('floating IPs: create, get, list, delete', async () => {
    const m = target.manager;
    const networkId = target.externalNetworkId!;
    expect((await m.networkClient.getNetwork(networkId)).external).toBe(true);
    const fip = await m.floatingIpsClient.createFloatingIp({ floatingNetworkId: networkId });
    expect(fip.status).toBe('DOWN');
    expect(await m.floatingIpsClient.getFloatingIp(fip.id)).toMatchObject({
      id: fip.id,
      floatingIpAddress: fip.floatingIpAddress,
      floatingNetworkId: networkId,
      portId: null,
    });
    expect((await m.floatingIpsClient.listFloatingIps()).map((f) => f.id)).toContain(fip.id);
    if (can.fake) {
      // A real association needs a port of a server on a routed network; the fake accepts any port id.
      const associated = await m.floatingIpsClient.updateFloatingIp(fip.id, {
        portId: 'a7c1e2d0-0000-4000-8000-000000000001',
      });
      expect(associated.portId).toBe('a7c1e2d0-0000-4000-8000-000000000001');
    }
    await m.floatingIpsClient.deleteFloatingIp(fip.id);
    expect(await m.floatingIpsClient.isResourceDeleted(fip.id)).toBe(true);
    await expect(m.floatingIpsClient.getFloatingIp(fip.id)).rejects.toBeInstanceOf(NotFound);
  });

  // Admin-only calls run against the fakes only: the real-cloud run holds a member's credentials,
  // and changing types, quotas or statuses of a shared cloud is not a test's business.
  describe.skipIf(!can.fake)('admin calls (fake only)', () => {
    test('createVolumeType, getVolumeType, deleteVolumeType; a member may not create one', async () => {
      const admin = target.adminManager!.volumeTypesClient;
      await expect(
        target.manager.volumeTypesClient.createVolumeType({ name: `${run}-type` }),
      ).rejects.toBeInstanceOf(Forbidden);
      const created = await admin.createVolumeType({
        name: `${run}-type`,
        description: 'contract',
        extraSpecs: { volume_backend_name: 'lvm' },
      });
      expect(created).toMatchObject({
        name: `${run}-type`,
        description: 'contract',
        isPublic: true,
        extraSpecs: { volume_backend_name: 'lvm' },
      });
      expect(await target.manager.volumeTypesClient.getVolumeType(created.id)).toMatchObject({
        id: created.id,
        name: `${run}-type`,
      });
      await admin.deleteVolumeType(created.id);
      await admin.waitForResourceDeletion(created.id);
      await expect(admin.getVolumeType(created.id)).rejects.toBeInstanceOf(NotFound);
    });

    test('resetVolumeStatus sets a status; forceDeleteVolume deletes whatever the status', async () => {
      const member = target.manager.volumesClient;
      const admin = target.adminManager!.volumesClient;
      const volume = await member.createVolume({ size: 1, name: `${run}-reset` });
      await member.waitForVolumeStatus(volume.id, 'available');
      await expect(member.resetVolumeStatus(volume.id, 'error')).rejects.toBeInstanceOf(Forbidden);
      await admin.resetVolumeStatus(volume.id, 'maintenance');
      expect((await member.getVolume(volume.id)).status).toBe('maintenance');
      await expect(member.deleteVolume(volume.id)).rejects.toBeInstanceOf(BadRequest);
      await expect(member.forceDeleteVolume(volume.id)).rejects.toBeInstanceOf(Forbidden);
      await admin.forceDeleteVolume(volume.id);
      await member.waitForResourceDeletion(volume.id);
    });

    test('forceDeleteServer removes a server at once', async () => {
      // Real Nova takes forceDelete only for a SOFT_DELETED server (reclaim_instance_interval > 0),
      // which a test cannot arrange on a cloud it does not run; the fake models no soft delete.
      const { serversClient } = target.manager;
      const { id } = await serversClient.createServer(serverRequest(`${run}-forcesrv`));
      await serversClient.waitForServerStatus(id, 'ACTIVE');
      await serversClient.forceDeleteServer(id);
      await expect(serversClient.getServer(id)).rejects.toBeInstanceOf(NotFound);
      await expect(serversClient.forceDeleteServer(id)).rejects.toBeInstanceOf(NotFound);
    });

    test('updateQuotaSet changes Nova quotas for an admin and is Forbidden to a member', async () => {
      const projectId = await target.manager.session.projectId();
      const before = (await target.manager.quotasClient.showQuotaSet()).instances as number;
      await expect(
        target.manager.quotasClient.updateQuotaSet(projectId, { instances: 3 }),
      ).rejects.toBeInstanceOf(Forbidden);
      const updated = await target.adminManager!.quotasClient.updateQuotaSet(projectId, { instances: 3 });
      expect(updated.instances).toBe(3);
      expect((await target.manager.quotasClient.showQuotaSetDetail()).instances).toMatchObject({ limit: 3 });
      await target.adminManager!.quotasClient.updateQuotaSet(projectId, { instances: before });
      expect((await target.manager.quotasClient.showQuotaSet()).instances).toBe(before);
    });
  });

  test.skipIf(!can.fake)('the fake holds no resources after the suite', async () => {
    target.fake!.settle();
    const left = target.fake!.resources();
    expect([left.volumes, left.snapshots, left.servers, left.floatingIps, left.keypairs].flat()).toEqual([]);
  });

  function serverRequest(name: string): CreateServerRequest {
    const { flavorId, imageId, networkId } = target.compute!;
    // TRACK_NETWORK names a network, or asks for none or auto (Nova's string forms).
    const networks = networkId === 'none' || networkId === 'auto' ? networkId : networkId && [networkId];
    return { name, flavorRef: flavorId, imageRef: imageId, ...(networks ? { networks } : {}) };
  }
});
