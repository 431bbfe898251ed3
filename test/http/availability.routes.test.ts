import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpFixture, type HttpFixture } from '../helpers/http-app.js';
import { addStation, changed, putBank, setSlot, setStation } from '../helpers/availability-fixtures.js';

const HERE = { lat: 51.5074, lng: -0.1278 };

describe('rider availability API', () => {
  let fx: HttpFixture;

  beforeEach(async () => {
    fx = await httpFixture();
  });
  afterEach(async () => {
    await fx.close();
  });

  const near = async (query: string) => {
    const res = await fx.app.inject({ method: 'GET', url: `/v1/stations/near?${query}` });
    expect(res.statusCode).toBe(200);
    return (res.json() as { items: Record<string, unknown>[] }).items;
  };

  it('lists nearby stations nearest first with counts, distance and open-now', async () => {
    // Open Mon–Fri 08:00–20:00 London time; the fixture clock is Wednesday 12:00 UTC.
    const pub = await addStation(fx, {
      name: 'The Crown',
      lat: 51.508,
      lng: -0.1278,
      openingHours: { wed: [['08:00', '20:00']] },
    });
    // Closed on Wednesdays.
    const gym = await addStation(fx, {
      name: 'Gym',
      lat: 51.52,
      lng: -0.1278,
      openingHours: { sat: [['08:00', '20:00']] },
    });
    await putBank(fx, pub, 1, { id: 'pb_a', batteryPct: 100 });
    await putBank(fx, pub, 2, { id: 'pb_b', batteryPct: 20 });
    // Provisioned after the app started: the poll of updated_at brings them in.
    await fx.fleet.availability.refresh();

    const items = await near(`lat=${HERE.lat}&lng=${HERE.lng}`);
    expect(items.map((i) => i.stationId)).toEqual([pub, gym]);
    expect(items[0]).toMatchObject({
      name: 'The Crown',
      rentable: 1,
      returnSlots: 2,
      openNow: true,
      city: 'London',
    });
    expect(items[0]!.distanceM).toBeGreaterThan(40);
    expect(items[0]!.distanceM).toBeLessThan(100);
    expect(items[1]).toMatchObject({ name: 'Gym', rentable: 0, returnSlots: 4, openNow: false });

    expect((await near(`lat=${HERE.lat}&lng=${HERE.lng}&radius_m=500`)).map((i) => i.stationId)).toEqual([
      pub,
    ]);
    expect((await near(`lat=${HERE.lat}&lng=${HERE.lng}&limit=1`)).map((i) => i.stationId)).toEqual([pub]);
    expect((await near(`lat=${HERE.lat}&lng=${HERE.lng}&min_rentable=1`)).map((i) => i.stationId)).toEqual([
      pub,
    ]);
  });

  it('rejects a radius or limit beyond the maximum, naming the field', async () => {
    const radius = await fx.app.inject({
      method: 'GET',
      url: '/v1/stations/near?lat=51&lng=0&radius_m=50001',
    });
    expect(radius.statusCode).toBe(400);
    expect(radius.json().errors[0].field).toBe('querystring/radius_m');
    const limit = await fx.app.inject({ method: 'GET', url: '/v1/stations/near?lat=51&lng=0&limit=101' });
    expect(limit.json().errors[0].field).toBe('querystring/limit');
  });

  it('hides offline and disabled stations and follows them coming back', async () => {
    const a = await addStation(fx, HERE);
    const b = await addStation(fx, { lat: 51.508, lng: -0.128 });
    await setStation(fx, b, { connectivity: 'offline' });
    await fx.fleet.availability.refresh();
    expect((await near(`lat=${HERE.lat}&lng=${HERE.lng}`)).map((i) => i.stationId)).toEqual([a]);

    await setStation(fx, a, { enabled: false });
    await setStation(fx, b, { connectivity: 'online' });
    changed(fx, a);
    changed(fx, b);
    await fx.fleet.availability.settled();
    expect((await near(`lat=${HERE.lat}&lng=${HERE.lng}`)).map((i) => i.stationId)).toEqual([b]);
  });

  it('counts follow slot and power bank changes', async () => {
    const id = await addStation(fx, { ...HERE, slots: 2 });
    await fx.fleet.availability.refresh();
    const counts = async () => {
      const [item] = await near(`lat=${HERE.lat}&lng=${HERE.lng}`);
      return [item!.rentable, item!.returnSlots];
    };
    expect(await counts()).toEqual([0, 2]);

    await putBank(fx, id, 1, { id: 'pb_1', batteryPct: 100 });
    changed(fx, id);
    await fx.fleet.availability.settled();
    expect(await counts()).toEqual([1, 1]);

    await setSlot(fx, id, 2, { powerBankId: null, state: 'fault', faults: ['MOTOR'] });
    changed(fx, id);
    await fx.fleet.availability.settled();
    expect(await counts()).toEqual([1, 0]);
  });

  it('shows a station by id and by QR code, with a slot summary and no power bank ids', async () => {
    const id = await addStation(fx, { ...HERE, code: 'CAFE42', name: 'Café 42' });
    await putBank(fx, id, 1, { id: 'pb_secret_serial', batteryPct: 100 });
    await fx.fleet.availability.refresh();

    const byId = await fx.app.inject({ method: 'GET', url: `/v1/stations/${id}` });
    expect(byId.statusCode).toBe(200);
    expect(byId.json()).toMatchObject({
      stationId: id,
      code: 'CAFE42',
      status: 'available',
      available: true,
      openNow: true,
      rentable: 1,
      returnSlots: 3,
      site: { name: 'Café 42', timeZone: 'Europe/London', openingHours: null },
      slots: { total: 4, rentable: 1, returnSlots: 3, occupiedNotRentable: 0, outOfService: 0 },
    });
    expect(byId.body).not.toContain('pb_secret_serial');

    const byCode = await fx.app.inject({ method: 'GET', url: '/v1/stations/by-code/CAFE42' });
    expect(byCode.statusCode).toBe(200);
    expect(byCode.json().stationId).toBe(id);
  });

  it('reports an offline station as such in its detail', async () => {
    const id = await addStation(fx, { ...HERE, online: false });
    await fx.fleet.availability.refresh();
    const res = await fx.app.inject({ method: 'GET', url: `/v1/stations/${id}` });
    expect(res.json()).toMatchObject({ status: 'offline', available: false });
  });

  it('answers an unknown station or code with a 404 problem', async () => {
    const res = await fx.app.inject({ method: 'GET', url: '/v1/stations/stn_unknown' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.json()).toMatchObject({
      code: 'FLEET_STATION_NOT_FOUND',
      status: 404,
      detail: 'Station stn_unknown does not exist',
      instance: '/v1/stations/stn_unknown',
    });
    const code = await fx.app.inject({ method: 'GET', url: '/v1/stations/by-code/ZZZZ99' });
    expect(code.statusCode).toBe(404);
    expect(code.json().code).toBe('FLEET_STATION_NOT_FOUND');
    const bad = await fx.app.inject({ method: 'GET', url: '/v1/stations/by-code/lower' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('params/code');
  });
});
