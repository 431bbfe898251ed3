import { describe, expect, it } from 'vitest';
import { PresenceTracker } from './presence.tracker.js';

describe('PresenceTracker', () => {
  it('asks for an online write on first sight, after an offline mark and after a long silence only', () => {
    const t = new PresenceTracker(180_000);
    expect(t.seen('a', 0)).toBe(true);
    t.confirmOnline('a');
    expect(t.seen('a', 60_000)).toBe(false);
    expect(t.seen('a', 240_000)).toBe(true);
    t.confirmOnline('a');
    t.markOffline('a');
    expect(t.seen('a', 250_000)).toBe(true);
  });

  it('keeps asking until the online write is confirmed', () => {
    const t = new PresenceTracker(180_000);
    expect(t.seen('a', 0)).toBe(true);
    expect(t.seen('a', 1_000)).toBe(true);
  });

  it('hands out each changed station once, with its latest vitals, and takes failed writes back', () => {
    const t = new PresenceTracker(180_000);
    t.seen('a', 1_000);
    t.report('a', { signal: 10, mains: true });
    t.seen('a', 2_000);
    t.report('a', { signal: 12 });
    t.seen('b', 1_500);
    const batch = t.takeDirty();
    expect(batch).toEqual([
      { stationId: 'a', lastSeenAtMs: 2_000, signal: 12, mains: true },
      { stationId: 'b', lastSeenAtMs: 1_500 },
    ]);
    expect(t.takeDirty()).toEqual([]);
    t.restore(batch);
    expect(t.takeDirty()).toHaveLength(2);
  });

  it('never moves last seen backwards and forgets long-silent offline stations', () => {
    const t = new PresenceTracker(180_000);
    t.seen('a', 5_000);
    t.seen('a', 4_000);
    expect(t.lastSeen('a')).toBe(5_000);
    t.takeDirty();
    t.forgetSilentSince(10_000);
    expect(t.lastSeen('a')).toBeUndefined();
  });

  it('counts the stations it believes online', () => {
    const t = new PresenceTracker(180_000);
    t.seen('a', 0);
    t.seen('b', 0);
    t.confirmOnline('a');
    t.confirmOnline('b');
    t.markOffline('b');
    expect(t.onlineCount()).toBe(1);
    // Said twice, counted once; a station it never saw changes nothing.
    t.confirmOnline('a');
    t.markOffline('b');
    t.confirmOnline('unknown');
    expect(t.onlineCount()).toBe(1);
    t.markOffline('a');
    t.takeDirty();
    t.forgetSilentSince(1);
    expect(t.onlineCount()).toBe(0);
    t.seen('a', 2);
    t.confirmOnline('a');
    expect(t.onlineCount()).toBe(1);
  });
});
