import { describe, expect, it } from 'vitest';
import { decodeInbound } from './message.decoder.js';

const ts = '2026-01-15T10:00:00.000Z';
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const heartbeat = { v: 1, id: 'b:1', ts, uptimeS: 1, signal: 20, mains: true, tempC: 20 };

describe('decodeInbound', () => {
  it('accepts a valid message of each kind', () => {
    const ok = [
      ['status', { v: 1, online: false }],
      ['heartbeat', heartbeat],
      [
        'inventory',
        {
          v: 1,
          id: 'b:2',
          ts,
          slots: [{ slot: 1, powerBankId: null, batteryPct: 0, state: 'empty', faults: [] }],
        },
      ],
      ['event', { v: 1, id: 'b:3', ts, type: 'slot_recovered', slot: 2 }],
      ['result', { v: 1, id: 'b:4', ts, commandId: 'cmd_1', status: 'failed', code: 'MOTOR' }],
    ] as const;
    for (const [kind, message] of ok) {
      expect(decodeInbound(kind, json(message), 1024)).toEqual({ ok: true, kind, message });
    }
  });

  it.each([
    ['oversize', 'heartbeat', Buffer.alloc(2000, 0x20), /payload is 2000 bytes; the limit is 1024/],
    ['unknown_kind', 'telemetry', json(heartbeat), /unknown message kind "telemetry"/],
    ['not_json', 'heartbeat', Buffer.from('{"v":1,'), /not UTF-8 JSON/],
    ['not_json', 'heartbeat', Buffer.from([0xc3, 0x28]), /not UTF-8 JSON: invalid UTF-8/],
    ['not_object', 'heartbeat', Buffer.from('"text"'), /must be a JSON object/],
    ['not_object', 'heartbeat', Buffer.from('null'), /must be a JSON object/],
    ['wrong_version', 'heartbeat', json({ ...heartbeat, v: '1' }), /v: must be 1 \(got "1"\)/],
    ['wrong_version', 'status', json({ online: true }), /v: must be 1 \(got nothing\)/],
    ['invalid', 'heartbeat', json({ ...heartbeat, signal: 'strong' }), /^signal: Expected integer/],
    ['invalid', 'heartbeat', json({ ...heartbeat, ts: 'yesterday' }), /^ts: /],
    ['invalid', 'heartbeat', json({ ...heartbeat, debug: 1 }), /^debug: Unexpected property/],
    [
      'invalid',
      'event',
      json({ v: 1, id: 'b:1', ts, type: 'slot_fault', slot: 1, code: 'GREMLINS' }),
      /^code: /,
    ],
    ['invalid', 'event', json({ v: 1, id: 'b:1', ts, type: 'nope' }), /^type: unknown event type "nope"/],
    ['invalid', 'result', json({ v: 1, id: 'b:1', ts, status: 'ok' }), /^commandId: /],
  ] as const)('rejects %s: %s %#', (reason, kind, payload, error) => {
    const decoded = decodeInbound(kind, payload, 1024);
    expect(decoded).toMatchObject({ ok: false, reason });
    expect(decoded.ok ? '' : decoded.error).toMatch(error);
  });
});
