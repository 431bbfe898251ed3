import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayHarness, type GatewayHarness } from '../helpers/gateway.harness.js';
import {
  privateMosquittoPossible,
  startPrivateMosquitto,
  type PrivateMosquitto,
} from '../helpers/gateway.mosquitto.js';
import { emptySlot, grace, waitUntil, type TestStation } from '../helpers/gateway.stations.js';
import { IN_CI } from '../helpers/servers.js';

const slots = [emptySlot(1), emptySlot(2)];
const runnable = privateMosquittoPossible() || IN_CI;

/**
 * deploy/mosquitto as shipped (password file written by passwords.sh, the pattern ACL), on a Mosquitto
 * of this suite's own, with the gateway connected as the platform user through its shared subscription.
 */
describe.runIf(runnable)('Mosquitto with the chargenet password file and ACL', () => {
  let mosquitto: PrivateMosquitto;
  let h: GatewayHarness;
  let a: TestStation;
  let b: TestStation;

  beforeAll(async () => {
    const platformPassword = randomBytes(16).toString('hex');
    mosquitto = await startPrivateMosquitto([`chargenet-platform:${platformPassword}`]);
    h = await startGatewayHarness({
      broker: 'external',
      externalUrl: mosquitto.url,
      prefix: 'chargenet/v1',
      slotCount: 2,
      env: { MQTT_USERNAME: 'chargenet-platform', MQTT_PASSWORD: platformPassword },
    });
    await mosquitto.addUsers(h.stations.map((s) => `${s.id}:${s.secret}`));
    a = (await waitUntil(() => h.connect(0).catch(() => undefined), 'station A may log in'))!;
    b = await h.connect(1);
  });
  afterAll(async () => {
    await h?.close();
    await mosquitto?.stop();
  });

  it('refuses a wrong password, another station’s password and anonymous clients', async () => {
    await expect(h.connect(0, { secret: 'wrong' })).rejects.toMatchObject({ code: 5 });
    await expect(h.connect(0, { secret: h.stations[1]!.secret })).rejects.toMatchObject({ code: 5 });
    await expect(
      h.connect(0, { mqtt: { username: undefined, password: undefined, clientId: 'anonymous-1' } }),
    ).rejects.toMatchObject({ code: 5 });
  });

  it('lets the platform user receive a station’s messages through the shared subscription', async () => {
    await a.hello(slots);
    await waitUntil(
      async () => (await h.fleet.stations.findStation(a.id))?.connectivity === 'online',
      'A online',
    );
  });

  it('drops what station A publishes as station B', async () => {
    await a.publishRaw(h.topics.inbound(b.id, 'hello'), {
      v: 1,
      id: 'forged:1',
      ts: a.ts(),
      bootId: 'x',
      firmware: 'evil',
      hardware: 'evil',
      slotCount: 2,
      slots,
    });
    // A's own message, published after the forged one, marks the point by which it would have arrived.
    await a.inventory(slots);
    await waitUntil(
      async () => (await h.fleet.messages.list(a.id)).some((m) => m.kind === 'inventory'),
      'marker',
    );
    await h.gateway.idle();
    expect(await h.fleet.messages.list(b.id)).toEqual([]);
    expect((await h.fleet.stations.findStation(b.id))?.firmware).toBeNull();
  });

  it('does not let station A read station B’s commands, nor forge commands on its own topic', async () => {
    const snooped: string[] = [];
    a.client.on('message', (topic) => {
      if (topic !== h.topics.command(a.id)) snooped.push(topic);
    });
    // Mosquitto 2.0 grants the subscription and applies the read ACL to each message it would deliver.
    await a.client.subscribeAsync([h.topics.command(b.id), 'chargenet/v1/stations/+/command'], { qos: 1 });
    await a.publishRaw(h.topics.command(a.id), { v: 1, commandId: 'cmd_forged', type: 'reboot' });

    const toB = await h.gateway.commands.send({ stationId: b.id, type: 'sync', requestedBy: 'ops:test' });
    const toA = await h.gateway.commands.send({ stationId: a.id, type: 'sync', requestedBy: 'ops:test' });
    await waitUntil(() => b.commands.length === 1 && a.commands.length === 1, 'both commands delivered');
    await grace(200);
    expect(b.commands.map((c) => c.commandId)).toEqual([toB.id]);
    expect(a.commands.map((c) => c.commandId)).toEqual([toA.id]);
    expect(snooped).toEqual([]);
  });
});
