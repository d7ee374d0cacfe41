import { BadRequest, NotFound } from '@track/openstack-clients';
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

const targets: [string, () => Promise<ContractTarget>, boolean][] = [
  ['in-process fake', () => inProcessTarget(), true],
  ['loopback HTTP fake', () => loopbackTarget(), true],
  ['real cloud', realTarget, real.configured],
];

describe.each(targets)('contract: %s', (_name, make, enabled) => {
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

  test.skipIf(!enabled)(
    'attach and detach choreography with Tempest waits; an in-use volume cannot be deleted',
    async () => {
      const { volumesClient, serversClient } = target.manager;
      const volume = await volumesClient.createVolume({ size: 1, name: `${run}-attvol` });
      const server = await serversClient.createServer({
        name: `${run}-srv`,
        flavorRef: target.compute.flavorId,
        imageRef: target.compute.imageId,
        ...(target.compute.networkId ? { networks: [target.compute.networkId] } : {}),
      });
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

  test.skipIf(!enabled)('keypairs, flavors, limits, quotas, types, networks and floating IPs', async () => {
    const m = target.manager;
    const name = `${run}-kp`;
    const keypair = await m.keypairsClient.createKeypair({
      name,
      publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJ0cmFjay1jb250cmFjdC10ZXN0LWtleQ== contract',
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
    expect((await m.volumeTypesClient.getDefaultVolumeType()).name).toBeTruthy();
    const external = await m.networkClient.listNetworks({ external: true });
    expect(external.length).toBeGreaterThan(0);
    expect((await m.networkClient.getNetwork(external[0]!.id)).external).toBe(true);
    if (target.fake) {
      const fip = await m.floatingIpsClient.createFloatingIp({ floatingNetworkId: external[0]!.id });
      expect(fip.status).toBe('DOWN');
      expect((await m.floatingIpsClient.listFloatingIps()).map((f) => f.id)).toContain(fip.id);
      const associated = await m.floatingIpsClient.updateFloatingIp(fip.id, {
        portId: 'a7c1e2d0-0000-4000-8000-000000000001',
      });
      expect(associated.portId).toBe('a7c1e2d0-0000-4000-8000-000000000001');
      await m.floatingIpsClient.deleteFloatingIp(fip.id);
      expect(await m.floatingIpsClient.isResourceDeleted(fip.id)).toBe(true);
    }
  });

  test.skipIf(!enabled || real.configured)('the fake holds no resources after the suite', async () => {
    target.fake!.settle();
    const left = target.fake!.resources();
    expect([left.volumes, left.snapshots, left.servers, left.floatingIps, left.keypairs].flat()).toEqual([]);
  });
});
