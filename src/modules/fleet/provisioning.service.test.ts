import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../../kernel/clock.js';
import { verifySecret } from '../../kernel/secrets.js';
import { freshDatabase, testDialects } from '../../../test/helpers/db.js';
import { ProvisioningService, StationsRepository } from './index.js';

const london = {
  name: 'The Crown',
  address: '1 High St',
  city: 'London',
  country: 'GB',
  timeZone: 'Europe/London',
  lat: 51.5072,
  lng: -0.1276,
};

describe.each(testDialects())('fleet provisioning on %s', (dialect) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let repo: StationsRepository;
  let service: ProvisioningService;

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    repo = new StationsRepository(db);
    service = new ProvisioningService(repo, new TestClock());
  });
  afterAll(() => db.drop());

  it('adds a station with empty slots and stores only a hash of its secret', async () => {
    const site = await service.addSite(london);
    const { station, secret } = await service.addStation({ siteId: site.id, slotCount: 6 });
    expect(station.id).toMatch(/^stn_/);
    expect(station.connectivity).toBe('provisioned');
    expect(await repo.listSlots(station.id)).toHaveLength(6);
    const stored = await repo.findSecretHash(station.id);
    expect(stored).not.toContain(secret);
    expect(verifySecret(secret, stored!)).toBe(true);
    expect(await service.verifyStationSecret(station.id, secret)).toBe(true);
    expect(await service.verifyStationSecret(station.id, `${secret}x`)).toBe(false);
  });

  it('rejects a bad site naming the field, and writes nothing', async () => {
    const before = (await repo.listSites()).length;
    await expect(service.addSite({ ...london, lat: 123 })).rejects.toThrow(/site\.lat/);
    await expect(service.addSite({ ...london, timeZone: 'Mars/Olympus' })).rejects.toThrow(/timeZone/);
    expect(await repo.listSites()).toHaveLength(before);
  });

  it('registers power banks all-or-nothing', async () => {
    await service.addPowerBanks([{ id: 'pb_A1' }, { id: 'pb_A2', batteryPct: 80 }]);
    await expect(service.addPowerBanks([{ id: 'pb_A3' }, { id: 'pb_A1' }])).rejects.toMatchObject({
      code: 'FLEET_POWER_BANK_EXISTS',
    });
    await expect(service.addPowerBanks([{ id: 'pb_A4' }, { id: 'pb_A4' }])).rejects.toThrow(/appears twice/);
    await expect(service.addPowerBanks([{ id: 'pb_A5' }, { id: 'x', batteryPct: 101 }])).rejects.toThrow(
      /powerBanks\[2\]/,
    );
    expect((await repo.listPowerBanks()).map((b) => b.id)).toEqual(['pb_A1', 'pb_A2']);
  });
});
