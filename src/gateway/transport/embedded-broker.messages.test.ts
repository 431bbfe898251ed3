import { describe, expect, it } from 'vitest';
import { decodeInbound } from '../message.decoder.js';
import { HeartbeatMessage } from '../protocol/messages.js';
import {
  HEARTBEAT_FIELDS,
  packHeartbeat,
  unpackHeartbeats,
  type PackedHeartbeats,
} from './embedded-broker.messages.js';

function decoded(body: object): HeartbeatMessage {
  const result = decodeInbound('heartbeat', Buffer.from(JSON.stringify(body)), 65536);
  if (!result.ok) throw new Error(`fixture is not a valid heartbeat: ${JSON.stringify(result)}`);
  return result.message as HeartbeatMessage;
}

describe('heartbeats packed for the thread boundary', () => {
  it('come out as the decoder gave them, station by station, in order', () => {
    const a = decoded({
      v: 1,
      id: 'hb-1',
      ts: '2026-12-04T18:00:00.000Z',
      uptimeS: 10,
      signal: 21,
      mains: true,
      tempC: 24.5,
    });
    const b = decoded({
      v: 1,
      id: 'hb-2',
      ts: '2026-12-04T18:00:30.000Z',
      uptimeS: 40,
      signal: 0,
      mains: false,
      tempC: -3,
    });
    const packed: PackedHeartbeats = [];
    packHeartbeat(packed, 'stn_a', a);
    packHeartbeat(packed, 'stn_b', b);
    expect(packed).toHaveLength(2 * HEARTBEAT_FIELDS);

    const out: Array<[string, HeartbeatMessage]> = [];
    unpackHeartbeats(structuredClone(packed), (stationId, message) => out.push([stationId, message]));
    expect(out).toEqual([
      ['stn_a', a],
      ['stn_b', b],
    ]);
  });

  it('carry every field of the heartbeat schema', () => {
    const out: HeartbeatMessage[] = [];
    const message = decoded({
      v: 1,
      id: 'hb-3',
      ts: '2026-12-04T18:01:00.000Z',
      uptimeS: 1,
      signal: 99,
      mains: true,
      tempC: 0,
    });
    const packed: PackedHeartbeats = [];
    packHeartbeat(packed, 'stn_c', message);
    unpackHeartbeats(packed, (_, m) => out.push(m));
    expect(Object.keys(out[0]!).sort()).toEqual(Object.keys(HeartbeatMessage.properties).sort());
  });
});
