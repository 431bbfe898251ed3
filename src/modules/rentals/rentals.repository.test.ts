import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testDialects } from '../../../test/helpers/db.js';
import { GB_TARIFF } from '../../../test/helpers/tariffs.js';
import { TestClock } from '../../kernel/clock.js';
import { newId } from '../../kernel/ids.js';
import type { FrozenTariff } from '../pricing/index.js';
import { RentalsRepository } from './rentals.repository.js';

const TARIFF: FrozenTariff = {
  tariffId: 'trf_1',
  version: 1,
  country: 'GB',
  tariff: GB_TARIFF,
  taxRule: { rateBasisPoints: 2000, included: true },
  maxRentalMs: 120 * 3_600_000,
  holdAmount: 700,
};

describe.each(testDialects())('rental records on %s', (dialect) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let repo: RentalsRepository;
  const clock = new TestClock(Date.parse('2026-11-23T10:00:00Z'));

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    repo = new RentalsRepository(db);
  });
  afterAll(() => db.drop());

  const pending = (riderId: string, powerBankId: string) => {
    const id = newId('rental');
    return repo
      .insertPending({
        id,
        riderId,
        startStationId: 'stn_1',
        powerBankId,
        slot: 1,
        tariff: TARIFF,
        nowMs: clock.nowMs(),
      })
      .then((outcome) => ({ id, outcome }));
  };

  it('keeps the frozen tariff with the rental, whole', async () => {
    const { id, outcome } = await pending('rdr_keep', 'pb_keep');
    expect(outcome).toBe('inserted');
    const rental = await repo.get(id);
    expect(rental).toMatchObject({
      status: 'pending',
      riderId: 'rdr_keep',
      powerBankId: 'pb_keep',
      currency: 'GBP',
    });
    expect(rental?.tariff).toEqual(TARIFF);
  });

  it('lets one live rental hold a power bank: of many riders racing for it, exactly one gets it', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => pending(`rdr_race_${i}`, 'pb_last')),
    );
    expect(results.filter((r) => r.outcome === 'inserted')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'bank_taken')).toHaveLength(19);
  });

  it('lets a rider have one live rental at a time', async () => {
    await pending('rdr_one', 'pb_one_a');
    expect((await pending('rdr_one', 'pb_one_b')).outcome).toBe('rider_busy');
  });

  it('moves only along the state machine, once, and frees the locks when the rental is over', async () => {
    const { id } = await pending('rdr_sm', 'pb_sm');
    expect(await repo.transition(id, 'active', {}, clock.nowMs())).toBe(false); // pending cannot jump to active
    expect(await repo.transition(id, 'ejecting', { attempts: 1, paymentId: 'pay_1' }, clock.nowMs())).toBe(
      true,
    );
    const [a, b] = await Promise.all([
      repo.transition(id, 'active', { startedAt: '2026-11-23T10:00:05.000Z' }, clock.nowMs()),
      repo.transition(id, 'active', { startedAt: '2026-11-23T10:00:06.000Z' }, clock.nowMs()),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect((await repo.findLiveForBank('pb_sm'))?.id).toBe(id);
    expect(
      await repo.transition(
        id,
        'ending',
        { endedAt: '2026-11-23T11:00:00.000Z', endStationId: 'stn_2' },
        clock.nowMs(),
      ),
    ).toBe(true);
    expect(await repo.transition(id, 'ended', { amount: 400 }, clock.nowMs())).toBe(true);
    expect(await repo.transition(id, 'ended', { amount: 999 }, clock.nowMs())).toBe(false);
    expect(await repo.get(id)).toMatchObject({ status: 'ended', amount: 400, endStationId: 'stn_2' });
    expect(await repo.findLiveForBank('pb_sm')).toBeUndefined();
    expect(await repo.findLiveForRider('rdr_sm')).toBeUndefined();
    expect((await pending('rdr_sm', 'pb_sm')).outcome).toBe('inserted');
  });

  it('records each eject attempt once and settles it once', async () => {
    const { id } = await pending('rdr_att', 'pb_att');
    await repo.recordAttempt({
      commandId: 'cmd_att_1',
      rentalId: id,
      attempt: 1,
      stationId: 'stn_1',
      slot: 1,
      powerBankId: 'pb_att',
      nowMs: clock.nowMs(),
    });
    expect(await repo.settleAttempt('cmd_att_1', 'failed', 'MOTOR', clock.nowMs())).toBe(true);
    expect(await repo.settleAttempt('cmd_att_1', 'succeeded', null, clock.nowMs())).toBe(false);
    const found = await repo.findAttemptWithRental('cmd_att_1');
    expect(found?.attempt).toMatchObject({
      commandId: 'cmd_att_1',
      rentalId: id,
      attempt: 1,
      stationId: 'stn_1',
      slot: 1,
      powerBankId: 'pb_att',
      outcome: 'failed',
      outcomeCode: 'MOTOR',
    });
    expect(found?.rental).toMatchObject({ id, riderId: 'rdr_att', powerBankId: 'pb_att', status: 'pending' });
    expect(await repo.findAttemptWithRental('cmd_nobody')).toBeUndefined();
  });

  it('switches an ejecting rental to another power bank only if no live rental holds it', async () => {
    const { id } = await pending('rdr_sw', 'pb_sw_a');
    await repo.transition(id, 'ejecting', { attempts: 1 }, clock.nowMs());
    await pending('rdr_sw_other', 'pb_sw_b');
    expect(await repo.switchBank(id, 'pb_sw_b', 2, clock.nowMs())).toBe(false);
    expect(await repo.switchBank(id, 'pb_sw_c', 3, clock.nowMs())).toBe(true);
    expect(await repo.get(id)).toMatchObject({ powerBankId: 'pb_sw_c', slot: 3 });
    expect(await repo.findLiveForBank('pb_sw_a')).toBeUndefined();
  });

  it('deletes a pending rental that never got a hold, leaving no trace', async () => {
    const { id } = await pending('rdr_del', 'pb_del');
    await repo.deletePending(id);
    expect(await repo.get(id)).toBeUndefined();
    expect((await pending('rdr_del', 'pb_del')).outcome).toBe('inserted');
  });
});
