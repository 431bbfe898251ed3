/**
 * An in-memory spatial index answering "what is near this point" for the whole fleet in well under a
 * millisecond: entries are bucketed in a fixed lat/lng grid, and a query visits the cells of the
 * radius's bounding box nearest-first, stopping as soon as no unvisited cell can beat the current
 * k-th result. Pure: no I/O, no clock.
 */

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;
const M_PER_DEG_LAT = EARTH_RADIUS_M * RAD;

/** Great-circle distance in metres between two points (haversine). */
export function haversineM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLng = (lng2 - lng1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

export interface GeoHit<T> {
  id: string;
  value: T;
  distanceM: number;
}

export interface NearQuery<T> {
  lat: number;
  lng: number;
  radiusM: number;
  limit: number;
  /** Only entries passing the filter count towards the limit. */
  filter?: (value: T) => boolean;
}

interface Entry<T> {
  id: string;
  lat: number;
  lng: number;
  value: T;
  row: number;
  col: number;
}

interface CellVisit<T> {
  minDistanceM: number;
  entries: Entry<T>[];
}

export class GeoIndex<T> {
  private readonly entries = new Map<string, Entry<T>>();
  /** row (latitude band) → column (longitude band) → entries */
  private readonly rows = new Map<number, Map<number, Entry<T>[]>>();
  private readonly cols: number;
  private readonly rowCount: number;

  /** cellDeg: grid cell size in degrees; 0.05° ≈ 5.5 km keeps dense cities at a few hundred entries per cell. */
  constructor(private readonly cellDeg = 0.05) {
    this.cols = Math.round(360 / cellDeg);
    this.rowCount = Math.round(180 / cellDeg);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Adds or moves an entry. */
  upsert(id: string, lat: number, lng: number, value: T): void {
    const existing = this.entries.get(id);
    const row = this.rowOf(lat);
    const col = this.colOf(lng);
    if (existing && existing.row === row && existing.col === col) {
      existing.lat = lat;
      existing.lng = lng;
      existing.value = value;
      return;
    }
    if (existing) this.detach(existing);
    const entry: Entry<T> = { id, lat, lng, value, row, col };
    this.entries.set(id, entry);
    let cols = this.rows.get(row);
    if (!cols) this.rows.set(row, (cols = new Map()));
    let cell = cols.get(col);
    if (!cell) cols.set(col, (cell = []));
    cell.push(entry);
  }

  remove(id: string): void {
    const entry = this.entries.get(id);
    if (entry) this.detach(entry);
  }

  /** Entries within radiusM of the point, nearest first, at most `limit` of them. */
  near(query: NearQuery<T>): GeoHit<T>[] {
    const { lat, lng, radiusM, limit, filter } = query;
    if (limit <= 0 || this.entries.size === 0) return [];
    const cells = this.candidateCells(lat, lng, radiusM);
    cells.sort((a, b) => a.minDistanceM - b.minDistanceM);
    const hits: GeoHit<T>[] = [];
    // The farthest a new hit may be: the radius, then the k-th hit once there are k.
    let bound = radiusM;
    for (const cell of cells) {
      // Cells come nearest-first: once one cannot beat the bound, no later one can.
      if (cell.minDistanceM > bound) break;
      for (const e of cell.entries) {
        // Cheap reject first: a great-circle distance is never shorter than its latitude difference.
        if (Math.abs(e.lat - lat) * M_PER_DEG_LAT > bound) continue;
        const d = haversineM(lat, lng, e.lat, e.lng);
        if (d > bound || (hits.length >= limit && d === bound)) continue;
        if (filter && !filter(e.value)) continue;
        insertSorted(hits, { id: e.id, value: e.value, distanceM: d }, limit);
        if (hits.length >= limit) bound = hits[hits.length - 1]!.distanceM;
      }
    }
    return hits;
  }

  private rowOf(lat: number): number {
    return Math.min(this.rowCount - 1, Math.max(0, Math.floor((lat + 90) / this.cellDeg)));
  }

  private colOf(lng: number): number {
    const wrapped = ((((lng + 180) % 360) + 360) % 360) / this.cellDeg;
    return Math.min(this.cols - 1, Math.floor(wrapped));
  }

  private detach(entry: Entry<T>): void {
    this.entries.delete(entry.id);
    const cols = this.rows.get(entry.row);
    const cell = cols?.get(entry.col);
    if (!cols || !cell) return;
    const i = cell.indexOf(entry);
    if (i >= 0) cell.splice(i, 1);
    if (cell.length === 0) cols.delete(entry.col);
    if (cols.size === 0) this.rows.delete(entry.row);
  }

  /** Non-empty cells that may hold points within the radius, each with a lower bound of its distance. */
  private candidateCells(lat: number, lng: number, radiusM: number): CellVisit<T>[] {
    const dLat = radiusM / M_PER_DEG_LAT;
    const rowFrom = this.rowOf(Math.max(-90, lat - dLat));
    const rowTo = this.rowOf(Math.min(90, lat + dLat));
    // Near a pole (or for huge radii) the box spans every longitude.
    const maxAbsLat = Math.min(90, Math.abs(lat) + dLat);
    const cosMin = Math.cos(maxAbsLat * RAD);
    const dLng = cosMin > 1e-9 ? dLat / cosMin : 360;
    const allCols = dLng >= 180;
    const colFrom = this.colOf(lng - dLng);
    const span = allCols ? this.cols : Math.min(this.cols, Math.ceil((2 * dLng) / this.cellDeg) + 2);
    const out: CellVisit<T>[] = [];
    for (let row = rowFrom; row <= rowTo; row++) {
      const cols = this.rows.get(row);
      if (!cols) continue;
      if (allCols || cols.size <= span) {
        for (const [col, entries] of cols) {
          if (!allCols && !withinSpan(col, colFrom, span, this.cols)) continue;
          out.push({ minDistanceM: this.cellLowerBound(lat, lng, row, col), entries });
        }
      } else {
        for (let k = 0; k < span; k++) {
          const col = (colFrom + k) % this.cols;
          const entries = cols.get(col);
          if (entries) out.push({ minDistanceM: this.cellLowerBound(lat, lng, row, col), entries });
        }
      }
    }
    return out;
  }

  /** Distance from the point to the nearest corner/edge of the cell, shaved by 1% so it stays a lower bound. */
  private cellLowerBound(lat: number, lng: number, row: number, col: number): number {
    const south = row * this.cellDeg - 90;
    const west = col * this.cellDeg - 180;
    const clampedLat = Math.min(Math.max(lat, south), south + this.cellDeg);
    // Longitude distance to the cell's interval, going round the antimeridian when that is shorter.
    const rel = (((lng - west) % 360) + 360) % 360;
    let clampedLng = lng;
    if (rel > this.cellDeg) {
      const toEast = 360 - rel;
      const toWest = rel - this.cellDeg;
      clampedLng = toEast < toWest ? lng + toEast : lng - toWest;
    }
    return haversineM(lat, lng, clampedLat, clampedLng) * 0.99;
  }
}

function withinSpan(col: number, from: number, span: number, total: number): boolean {
  return (((col - from) % total) + total) % total < span;
}

/** Keeps `hits` sorted by distance and no longer than `limit`. */
function insertSorted<T>(hits: GeoHit<T>[], hit: GeoHit<T>, limit: number): void {
  let i = hits.length;
  while (i > 0 && hits[i - 1]!.distanceM > hit.distanceM) i--;
  hits.splice(i, 0, hit);
  if (hits.length > limit) hits.pop();
}
