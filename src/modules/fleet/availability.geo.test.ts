import { describe, expect, it } from 'vitest';
import { GeoIndex, haversineM } from './availability.geo.js';

/** Deterministic pseudo-random numbers, so a failing case can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function bruteForce(
  points: { id: string; lat: number; lng: number }[],
  lat: number,
  lng: number,
  radiusM: number,
  limit: number,
): string[] {
  return points
    .map((p) => ({ id: p.id, d: haversineM(lat, lng, p.lat, p.lng) }))
    .filter((p) => p.d <= radiusM)
    .sort((a, b) => a.d - b.d)
    .slice(0, limit)
    .map((p) => p.id);
}

describe('haversineM', () => {
  it('measures known distances', () => {
    // London (Charing Cross) → Paris (Notre-Dame): about 343 km.
    expect(haversineM(51.5074, -0.1278, 48.853, 2.3499) / 1000).toBeCloseTo(343.5, 0);
    // One degree of latitude is about 111.2 km everywhere.
    expect(haversineM(10, 20, 11, 20)).toBeCloseTo(111_195, -2);
    expect(haversineM(5, 5, 5, 5)).toBe(0);
  });

  it('goes the short way across the antimeridian', () => {
    expect(haversineM(0, 179.99, 0, -179.99)).toBeLessThan(2_300);
  });
});

describe('GeoIndex', () => {
  it('returns entries within the radius, nearest first, at most limit', () => {
    const index = new GeoIndex<string>();
    index.upsert('far', 51.55, -0.1278, 'far'); // ~4.7 km north
    index.upsert('near', 51.508, -0.1278, 'near'); // ~70 m
    index.upsert('mid', 51.52, -0.1278, 'mid'); // ~1.4 km
    index.upsert('out', 52.5, -0.1278, 'out'); // ~110 km
    const hits = index.near({ lat: 51.5074, lng: -0.1278, radiusM: 5_000, limit: 10 });
    expect(hits.map((h) => h.id)).toEqual(['near', 'mid', 'far']);
    expect(hits[0]!.distanceM).toBeLessThan(100);
    expect(index.near({ lat: 51.5074, lng: -0.1278, radiusM: 5_000, limit: 2 }).map((h) => h.id)).toEqual([
      'near',
      'mid',
    ]);
    expect(index.near({ lat: 51.5074, lng: -0.1278, radiusM: 1_000, limit: 10 }).map((h) => h.id)).toEqual([
      'near',
    ]);
  });

  it('counts only entries that pass the filter towards the limit', () => {
    const index = new GeoIndex<{ ok: boolean }>();
    index.upsert('a', 0, 0.001, { ok: false });
    index.upsert('b', 0, 0.002, { ok: true });
    index.upsert('c', 0, 0.003, { ok: true });
    const hits = index.near({ lat: 0, lng: 0, radiusM: 1_000, limit: 1, filter: (v) => v.ok });
    expect(hits.map((h) => h.id)).toEqual(['b']);
  });

  it('moves and removes entries', () => {
    const index = new GeoIndex<number>();
    index.upsert('s', 40, -3.7, 1);
    index.upsert('s', 48.85, 2.35, 2);
    expect(index.size).toBe(1);
    expect(index.near({ lat: 40, lng: -3.7, radiusM: 10_000, limit: 5 })).toEqual([]);
    expect(index.near({ lat: 48.85, lng: 2.35, radiusM: 10, limit: 5 })[0]!.value).toBe(2);
    index.remove('s');
    expect(index.size).toBe(0);
    expect(index.near({ lat: 48.85, lng: 2.35, radiusM: 10, limit: 5 })).toEqual([]);
  });

  it('finds neighbours across the antimeridian', () => {
    const index = new GeoIndex<string>();
    index.upsert('east', -17.0, 179.995, 'east');
    index.upsert('west', -17.0, -179.995, 'west');
    const fromWest = index.near({ lat: -17.0, lng: -179.999, radiusM: 2_000, limit: 5 });
    expect(fromWest.map((h) => h.id)).toEqual(['west', 'east']);
    const fromEast = index.near({ lat: -17.0, lng: 180, radiusM: 2_000, limit: 5 });
    expect(fromEast.map((h) => h.id).sort()).toEqual(['east', 'west']);
  });

  it('finds neighbours across a pole and at the poles themselves', () => {
    const index = new GeoIndex<string>();
    index.upsert('a', 89.99, 0, 'a');
    index.upsert('b', 89.99, 180, 'b'); // ~2.2 km from a, over the pole
    index.upsert('pole', 90, 0, 'pole');
    index.upsert('south', -90, 45, 'south');
    const hits = index.near({ lat: 89.99, lng: 0, radiusM: 3_000, limit: 5 });
    expect(hits.map((h) => h.id)).toEqual(['a', 'pole', 'b']);
    expect(index.near({ lat: -89.999, lng: -120, radiusM: 500, limit: 5 }).map((h) => h.id)).toEqual([
      'south',
    ]);
  });

  it('agrees with a brute-force scan on random fleets and queries', () => {
    const random = rng(42);
    const points = Array.from({ length: 5_000 }, (_, i) => ({
      id: `s${i}`,
      // A dense cluster around Berlin plus points anywhere on Earth.
      lat: i % 2 === 0 ? 52.52 + (random() - 0.5) * 0.6 : (random() - 0.5) * 180,
      lng: i % 2 === 0 ? 13.4 + (random() - 0.5) * 0.9 : (random() - 0.5) * 360,
    }));
    const index = new GeoIndex<null>();
    for (const p of points) index.upsert(p.id, p.lat, p.lng, null);
    for (let q = 0; q < 200; q++) {
      const nearBerlin = q % 2 === 0;
      const lat = nearBerlin ? 52.52 + (random() - 0.5) * 0.6 : (random() - 0.5) * 180;
      const lng = nearBerlin ? 13.4 + (random() - 0.5) * 0.9 : (random() - 0.5) * 360;
      const radiusM = [500, 2_000, 20_000, 50_000, 2_000_000][q % 5]!;
      const limit = [1, 20, 100][q % 3]!;
      const got = index.near({ lat, lng, radiusM, limit }).map((h) => h.id);
      expect(got).toEqual(bruteForce(points, lat, lng, radiusM, limit));
    }
  });
});
