import { afterEach, describe, expect, it } from 'vitest';
import { startGatewayHarness, type GatewayHarness } from '../helpers/gateway.harness.js';
import { emptySlot, grace, waitUntil } from '../helpers/gateway.stations.js';

const slots = [emptySlot(1), emptySlot(2), emptySlot(3), emptySlot(4)];

/** Resolves once the client's connection has closed (the broker dropped it). */
function closed(client: { connected: boolean }): Promise<boolean> {
  return waitUntil(() => !client.connected, 'connection closed');
}

describe('embedded broker: station authentication and ACL', () => {
  let h: GatewayHarness;
  afterEach(async () => h?.close());

  it('refuses a wrong secret, an unknown station and a client id that is not the username', async () => {
    h = await startGatewayHarness({ broker: 'embedded' });
    const [a, b] = h.stations;
    await expect(h.connect(0, { secret: 'not-the-secret' })).rejects.toMatchObject({ code: 4 });
    await expect(h.connect(0, { secret: b!.secret })).rejects.toMatchObject({ code: 4 });
    await expect(h.connect(0, { stationId: 'stn_unknown', secret: a!.secret })).rejects.toMatchObject({
      code: 4,
    });
    await expect(
      h.connect(0, { mqtt: { clientId: b!.id, username: a!.id, password: a!.secret } }),
    ).rejects.toMatchObject({ code: 4 });
    expect(h.gateway.stats().broker.authFailures).toBe(4);

    const ok = await h.connect(0);
    expect(ok.client.connected).toBe(true);
    // A cached verification must not let a wrong secret in afterwards.
    await expect(h.connect(0, { secret: 'still-wrong' })).rejects.toMatchObject({ code: 4 });
  });

  it('accepts a rotated secret at once; the old one works only until its cached verification lapses', async () => {
    h = await startGatewayHarness({ broker: 'embedded' });
    const old = h.stations[0]!.secret;
    await (await h.connect(0)).end();
    const rotated = await h.fleet.provisioning.rotateSecret(h.stations[0]!.id);
    await (await h.connect(0, { secret: rotated })).end();
    h.clock.advance(61_000);
    await expect(h.connect(0, { secret: old })).rejects.toMatchObject({ code: 4 });
    await expect(h.connect(0, { secret: rotated })).resolves.toBeTruthy();
  });

  it('station A cannot publish as station B: the message never reaches the platform and A is cut off', async () => {
    h = await startGatewayHarness({ broker: 'embedded' });
    const a = await h.connect(0);
    const b = await h.connect(1);
    // Not awaited: the broker drops the connection instead of acknowledging.
    void a
      .publishRaw(h.topics.inbound(b.id, 'hello'), {
        v: 1,
        id: 'forged:1',
        ts: a.ts(),
        bootId: 'x',
        firmware: 'evil',
        hardware: 'evil',
        slotCount: 4,
        slots,
      })
      .catch(() => undefined);
    await closed(a.client);
    expect(h.gateway.stats().broker.aclDenied).toBe(1);

    await b.hello(slots);
    await waitUntil(
      async () => (await h.fleet.stations.findStation(b.id))?.firmware === 'cn-fw 1.4.2',
      'B hello',
    );
    const log = await h.fleet.messages.list(b.id);
    expect(log.map((m) => m.messageId)).toEqual([`${b.bootId}:1`]);
  });

  it('station A cannot publish to its own command topic', async () => {
    h = await startGatewayHarness({ broker: 'embedded' });
    const a = await h.connect(0);
    void a
      .publishRaw(h.topics.command(a.id), { v: 1, commandId: 'cmd_forged', type: 'reboot' })
      .catch(() => undefined);
    await closed(a.client);
    expect(h.gateway.stats().broker.aclDenied).toBe(1);
    expect(a.commands).toEqual([]);
  });

  it('station A cannot subscribe to station B’s commands, directly or by wildcard', async () => {
    h = await startGatewayHarness({ broker: 'embedded' });
    const a = await h.connect(0);
    const b = await h.connect(1);
    const snooped: string[] = [];
    a.client.on('message', (topic) => snooped.push(topic));
    const refused = await a.client
      .subscribeAsync([h.topics.command(b.id), `${h.config.MQTT_TOPIC_PREFIX}/stations/+/command`, '#'], {
        qos: 1,
      })
      .catch((err: { packet?: { granted?: number[] } }) => err.packet?.granted);
    expect(refused).toEqual([128, 128, 128]);

    const sent = await h.gateway.commands.send({ stationId: b.id, type: 'sync', requestedBy: 'ops:test' });
    await waitUntil(() => b.commands.length === 1, 'B receives its command');
    expect(b.commands[0]).toMatchObject({ commandId: sent.id });
    await grace(200);
    expect(snooped).toEqual([]);
    expect(a.commands).toEqual([]);
    expect(h.gateway.stats().broker.aclDenied).toBe(3);
  });
});
