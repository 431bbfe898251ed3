import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpFixture, type HttpFixture } from '../helpers/http-app.js';
import { addStation, changed, putBank, setStation } from '../helpers/availability-fixtures.js';

const FEEDS = [
  'gbfs.json',
  'system_information.json',
  'vehicle_types.json',
  'station_information.json',
  'station_status.json',
];

describe('GBFS feed', () => {
  let fx: HttpFixture;
  let online: string;
  let offline: string;

  beforeEach(async () => {
    fx = await httpFixture({ env: { GBFS_TTL_SECONDS: '30' } });
    online = await addStation(fx, {
      name: 'Station Café',
      lat: 48.8566,
      lng: 2.3522,
      slots: 4,
      code: 'PARIS1',
    });
    offline = await addStation(fx, { name: 'Gare', lat: 48.87, lng: 2.36, slots: 2 });
    await putBank(fx, online, 1, { id: 'PB-SERIAL-0001', batteryPct: 100 });
    await putBank(fx, online, 2, { id: 'PB-SERIAL-0002', batteryPct: 10 });
    await putBank(fx, offline, 1, { id: 'PB-SERIAL-0003', batteryPct: 100 });
    await setStation(fx, offline, { connectivity: 'offline' });
    await fx.fleet.availability.refresh();
  });
  afterEach(async () => {
    await fx.close();
  });

  const get = (file: string, headers: Record<string, string> = {}) =>
    fx.app.inject({ method: 'GET', url: `/gbfs/${file}`, headers: { host: 'api.example.test', ...headers } });

  it('lists its feeds with absolute URLs, version and ttl', async () => {
    const res = await get('gbfs.json');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ version: '2.3', ttl: 30 });
    expect(Number.isInteger(body.last_updated)).toBe(true);
    expect(body.data.en.feeds).toContainEqual({
      name: 'station_status',
      url: 'http://api.example.test/gbfs/station_status.json',
    });
    expect(body.data.en.feeds.map((f: { name: string }) => f.name).sort()).toEqual([
      'station_information',
      'station_status',
      'system_information',
      'vehicle_types',
    ]);
  });

  it('publishes power banks as one vehicle type', async () => {
    const body = (await get('vehicle_types.json')).json();
    expect(body.data.vehicle_types).toEqual([
      { vehicle_type_id: 'power_bank', form_factor: 'other', propulsion_type: 'human', name: 'Power bank' },
    ]);
  });

  it('reports station information and status with rentable banks and free docks', async () => {
    const info = (await get('station_information.json')).json();
    expect(info.data.stations).toContainEqual({
      station_id: online,
      name: 'Station Café',
      short_name: 'PARIS1',
      lat: 48.8566,
      lon: 2.3522,
      address: '1 High Street, London',
      capacity: 4,
    });
    const status = (await get('station_status.json')).json();
    const byId = Object.fromEntries(
      status.data.stations.map((s: { station_id: string }) => [s.station_id, s]),
    );
    expect(byId[online]).toMatchObject({
      num_bikes_available: 1,
      num_vehicles_available: 1,
      vehicle_types_available: [{ vehicle_type_id: 'power_bank', count: 1 }],
      num_docks_available: 2,
      num_docks_disabled: 0,
      is_installed: true,
      is_renting: true,
      is_returning: true,
    });
    expect(byId[offline]).toMatchObject({ is_renting: false, is_returning: false, num_bikes_available: 1 });
    expect(Number.isInteger(byId[online].last_reported)).toBe(true);
  });

  it('never names a power bank in any document', async () => {
    for (const file of FEEDS) {
      const res = await get(file);
      expect(res.statusCode, file).toBe(200);
      expect(res.body, file).not.toMatch(/PB-SERIAL/);
    }
  });

  it('answers If-None-Match with 304 until the data changes, with Cache-Control max-age = ttl', async () => {
    const first = await get('station_status.json');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=30');

    const again = await get('station_status.json', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    expect((await get('station_status.json', { 'if-none-match': `W/${etag}` })).statusCode).toBe(304);
    expect((await get('station_status.json', { 'if-none-match': '"something-else"' })).statusCode).toBe(200);

    await putBank(fx, online, 3, { id: 'PB-SERIAL-0004', batteryPct: 100 });
    changed(fx, online);
    await fx.fleet.availability.settled();
    const changedRes = await get('station_status.json', { 'if-none-match': etag });
    expect(changedRes.statusCode).toBe(200);
    expect(changedRes.headers.etag).not.toBe(etag);
  });
});
