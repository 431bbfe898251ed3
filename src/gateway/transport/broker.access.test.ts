import { describe, expect, it } from 'vitest';
import { TestClock } from '../../kernel/clock.js';
import { Topics } from '../protocol/topics.js';
import { StationAcl, StationLogins } from './broker.access.js';

const topics = new Topics('cn/v1');

function logins(secrets: Record<string, string>, clock = new TestClock()) {
  const checks: string[] = [];
  const a = new StationLogins(
    async (id, secret) => {
      checks.push(id);
      return secrets[id] === secret;
    },
    () => clock.nowMs(),
    { cacheTtlMs: 60_000 },
  );
  return { a, checks, clock };
}

function access(clock = new TestClock()) {
  return { a: new StationAcl(topics, () => clock.nowMs()), clock };
}

describe('StationLogins and StationAcl', () => {
  it('authenticates client id = username = station id with its secret, caching only successes', async () => {
    const { a, checks, clock } = logins({ stn_A: 'sa' });
    expect(await a.authenticate('stn_A', 'stn_A', Buffer.from('sa'))).toBe(true);
    expect(await a.authenticate('stn_A', 'stn_A', Buffer.from('sa'))).toBe(true);
    expect(checks).toEqual(['stn_A']);
    expect(await a.authenticate('stn_A', 'stn_A', Buffer.from('wrong'))).toBe(false);
    expect(await a.authenticate('stn_B', 'stn_A', Buffer.from('sa'))).toBe(false);
    expect(await a.authenticate('stn_A', undefined, Buffer.from('sa'))).toBe(false);
    expect(await a.authenticate('stn_A', 'stn_A', undefined)).toBe(false);
    clock.advance(60_001);
    expect(await a.authenticate('stn_A', 'stn_A', Buffer.from('sa'))).toBe(true);
    expect(checks).toEqual(['stn_A', 'stn_A', 'stn_A']);
  });

  it('lets a station publish only its own inbound kinds, never a command', () => {
    const { a } = access();
    expect(a.canPublish('stn_A', 'cn/v1/stations/stn_A/hello')).toBe(true);
    expect(a.canPublish('stn_A', 'cn/v1/stations/stn_A/result')).toBe(true);
    expect(a.canPublish('stn_A', 'cn/v1/stations/stn_B/hello')).toBe(false);
    expect(a.canPublish('stn_A', 'cn/v1/stations/stn_A/command')).toBe(false);
    expect(a.canPublish('stn_A', 'cn/v1/stations/stn_A/telemetry')).toBe(false);
    expect(a.canPublish('stn_A', 'cn/v1/stations/stn_A/hello/extra')).toBe(false);
    expect(a.canPublish('stn_A', '$SYS/broker/x')).toBe(false);
    expect(a.mayRetain('cn/v1/stations/stn_A/status')).toBe(true);
    expect(a.mayRetain('cn/v1/stations/stn_A/event')).toBe(false);
  });

  it('lets a station subscribe to exactly its own command topic', () => {
    const { a } = access();
    expect(a.canSubscribe('stn_A', 'cn/v1/stations/stn_A/command')).toBe(true);
    for (const filter of [
      'cn/v1/stations/stn_B/command',
      'cn/v1/stations/+/command',
      '#',
      '$share/g/cn/v1/stations/stn_A/command',
    ]) {
      expect(a.canSubscribe('stn_A', filter)).toBe(false);
    }
  });

  it('stops delivering a queued command once it has expired', () => {
    const { a, clock } = access();
    const command = Buffer.from(JSON.stringify({ expiresAt: new Date(clock.nowMs() + 1000).toISOString() }));
    expect(a.stillDeliverable('cn/v1/stations/stn_A/command', command)).toBe(true);
    clock.advance(1000);
    expect(a.stillDeliverable('cn/v1/stations/stn_A/command', command)).toBe(false);
    expect(a.stillDeliverable('cn/v1/stations/stn_A/command', Buffer.from('garbage'))).toBe(false);
    expect(a.stillDeliverable('cn/v1/stations/stn_A/status', Buffer.from('x'))).toBe(true);
  });
});
