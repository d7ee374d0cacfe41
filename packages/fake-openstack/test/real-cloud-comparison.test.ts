import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  DOCUMENTED_DIFFERENCES,
  type DocumentedDifference,
  documentedDifference,
} from '../src/documented-differences';
import { FakeCloud } from '../src/fake-cloud';
import type { ListeningFakeCloud } from '../src/http-server';
import { diffShapes, shapeOf } from './compare/answer-shape';
import { CloudSession, reachable, readEnvFile } from './compare/cloud-session';
import { SCENARIOS, type ScenarioClouds, sweepLeftovers } from './compare/scenarios';

// Field by field, the fake (started here, Zed like the real one) against a real Zed cloud on
// loopback (scripts/real-openstack): the same requests go to both, as the member and as the admin,
// and every answer pair is compared (status, the headers that matter, the body's key sets and value
// kinds at every level; ids, timestamps, names and URLs' host:port normalised). A difference that
// src/documented-differences.ts does not list fails, and so does a listed one that no longer occurs.
// It creates and deletes resources (named track-compare-*) and sets quotas back as they were, so it
// runs only when asked: TRACK_REAL_CLOUD=all (what scripts/real-openstack/ci.sh sets) and a cloud
// answering with env.sh and admin-env.sh of its state directory (TRACK_OPENSTACK_STATE, default
// /var/lib/track-openstack). Otherwise skipped, saying which.
const STATE = process.env.TRACK_OPENSTACK_STATE ?? '/var/lib/track-openstack';
const asked = process.env.TRACK_REAL_CLOUD === 'all';
const realMember = readEnvFile(`${STATE}/env.sh`);
const realAdmin = readEnvFile(`${STATE}/admin-env.sh`);
const realUp = asked && realAdmin !== undefined && (await reachable(realMember));
const SCENARIO_TIMEOUT = 600_000;
const SKIPPED = asked
  ? `skipped: no real cloud answers with ${STATE}/env.sh and admin-env.sh; set TRACK_OPENSTACK_STATE to its state directory`
  : 'skipped: TRACK_REAL_CLOUD is not all (bring a cloud up with scripts/real-openstack/up.sh and set TRACK_REAL_CLOUD=all, or run pnpm test:openstack)';
if (!realUp) console.info(`real-cloud comparison ${SKIPPED}`);

/** A difference found in one exchange, with the documented entry that covers it, if any. */
interface Found {
  exchange: string;
  where: string;
  fake: string;
  real: string;
  documented?: DocumentedDifference;
}

describe.skipIf(!realUp)(
  `the fake against a real Zed cloud, field by field ${realUp ? '' : `(${SKIPPED})`}`,
  () => {
    let listening: ListeningFakeCloud;
    let real: ScenarioClouds;
    let fake: ScenarioClouds;
    const found: Found[] = [];
    let pairs = 0;
    let completed = 0;

    beforeAll(async () => {
      const cloud = new FakeCloud({ timeScale: 0 });
      listening = await cloud.listen();
      const member = cloud.credentialsAt(listening.url);
      const admin = cloud.adminCredentialsAt(listening.url);
      const defaults = cloud.computeDefaults;
      const env = (c: typeof member) => ({
        OS_AUTH_URL: c.authUrl,
        OS_USERNAME: c.username,
        OS_PASSWORD: c.password,
        OS_PROJECT_NAME: c.projectName,
        TRACK_FLAVOR: defaults.flavorId,
        TRACK_IMAGE: defaults.imageId,
        TRACK_EXTERNAL_NETWORK: defaults.externalNetworkId,
      });
      fake = {
        member: await CloudSession.open(env(member), 'keystone: POST /v3/auth/tokens (member)'),
        admin: await CloudSession.open(env(admin), 'keystone: POST /v3/auth/tokens (admin)'),
        env: env(member),
        shared: {},
      };
      real = {
        member: await CloudSession.open(realMember!, 'keystone: POST /v3/auth/tokens (member)'),
        admin: await CloudSession.open(realAdmin!, 'keystone: POST /v3/auth/tokens (admin)'),
        env: realMember!,
        shared: {},
      };
      await sweepLeftovers(real.member);
    }, 300_000);

    afterAll(async () => {
      if (real) await sweepLeftovers(real.member);
      await listening?.close();
      const undocumented = found.filter((f) => f.documented === undefined).length;
      // TRACK_COMPARE_REPORT=FILE writes every difference found, documented or not, as JSON.
      if (process.env.TRACK_COMPARE_REPORT)
        writeFileSync(process.env.TRACK_COMPARE_REPORT, `${JSON.stringify({ pairs, found }, null, 2)}\n`);
      console.info(
        `real-cloud comparison: ${pairs} request/response pairs compared, ${found.length} differences (${found.length - undocumented} documented, ${undocumented} not)`,
      );
    }, 600_000);

    /** Where each session's record stood before a scenario: what it recorded since is compared. */
    type Marks = { fake: [number, number]; real: [number, number] };
    const mark = (): Marks => ({
      fake: [fake.member.exchanges.length, fake.admin.exchanges.length],
      real: [real.member.exchanges.length, real.admin.exchanges.length],
    });

    /** Compares the exchanges both clouds recorded since `from` (by name); returns the undocumented differences. */
    function compare(from: Marks): string[] {
      const exchanges = (clouds: ScenarioClouds, [m, a]: [number, number]) => [
        ...clouds.member.exchanges.slice(m),
        ...clouds.admin.exchanges.slice(a),
      ];
      const fakeList = exchanges(fake, from.fake);
      const realList = exchanges(real, from.real);
      const unexpected: string[] = [];
      const names = [...new Set([...fakeList, ...realList].map((e) => e.name))];
      for (const name of names) {
        const f = fakeList.find((e) => e.name === name);
        const r = realList.find((e) => e.name === name);
        if (!f || !r) {
          unexpected.push(`${name}: sent to ${f ? 'the fake' : 'the real cloud'} only`);
          continue;
        }
        pairs++;
        const values = (clouds: ScenarioClouds) => ({
          [clouds.env.TRACK_FLAVOR ?? '']: '<flavor>',
          [clouds.env.TRACK_IMAGE ?? '']: '<image>',
        });
        for (const d of diffShapes(shapeOf(f.answer, values(fake)), shapeOf(r.answer, values(real)))) {
          const documented = documentedDifference(name, d.where);
          found.push({ exchange: name, ...d, ...(documented ? { documented } : {}) });
          if (!documented) unexpected.push(`${name}: ${d.where}: fake ${d.fake}, real ${d.real}`);
        }
      }
      return unexpected;
    }

    test('the token issue (member and admin) answers alike', () => {
      const unexpected = compare({ fake: [0, 0], real: [0, 0] });
      expect(unexpected, `undocumented differences:\n${unexpected.join('\n')}`).toEqual([]);
      completed++;
    });

    test.each(SCENARIOS.map((s) => [s.name, s] as const))(
      '%s: the same answers, field by field',
      async (_name, scenario) => {
        const from = mark();
        await scenario.run(real);
        await scenario.run(fake);
        const unexpected = compare(from);
        expect(unexpected, `undocumented differences:\n${unexpected.join('\n')}`).toEqual([]);
        completed++;
      },
      SCENARIO_TIMEOUT,
    );

    test('every documented difference still occurs', () => {
      expect(completed, 'every scenario ran to its end').toBe(SCENARIOS.length + 1);
      const stale = DOCUMENTED_DIFFERENCES.filter((d) => !found.some((f) => f.documented === d));
      expect(stale.map((d) => `${d.exchange} ${d.where}: ${d.what}`)).toEqual([]);
    });
  },
);
