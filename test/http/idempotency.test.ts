import Fastify, { type FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../../src/http/error-handler.js';
import { idempotent } from '../../src/http/idempotency.js';
import { TestClock } from '../../src/kernel/clock.js';
import { ConflictError } from '../../src/kernel/errors.js';
import { IdempotencyStore } from '../../src/kernel/idempotency/index.js';
import { freshDatabase } from '../helpers/db.js';

describe('Idempotency-Key over HTTP', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  let created = 0;

  beforeAll(async () => {
    database = await freshDatabase('sqlite');
    const store = new IdempotencyStore(database, new TestClock());
    const server = Fastify().withTypeProvider<TypeBoxTypeProvider>();
    registerErrorHandling(server);
    const body = Type.Object({ stationId: Type.String(), note: Type.Optional(Type.String()) });
    const params = Type.Object({ riderId: Type.String() });
    // A create endpoint that needs a key, and one where the key is optional.
    server.post('/v1/riders/:riderId/rentals', { schema: { body, params } }, async (request, reply) =>
      idempotent(
        request,
        reply,
        { store, scope: `rentals:${request.params.riderId}`, required: true },
        async () => {
          if (request.body.stationId === 'stn_full') {
            throw new ConflictError('RENTAL_NO_POWER_BANK_AVAILABLE', 'No power bank is available', {
              stationId: request.body.stationId,
            });
          }
          created++;
          return {
            status: 201,
            body: { id: `rnt_${created}`, stationId: request.body.stationId, n: created },
          };
        },
      ),
    );
    server.post('/v1/notes', { schema: { body } }, async (request, reply) =>
      idempotent(request, reply, { store, scope: 'notes' }, async () => {
        created++;
        return { status: 201, body: { n: created } };
      }),
    );
    await server.ready();
    app = server;
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const rent = (
    key: string | undefined,
    payload: object,
    riderId = 'rdr_1',
    headers: Record<string, string> = {},
  ) =>
    app.inject({
      method: 'POST',
      url: `/v1/riders/${riderId}/rentals`,
      headers: { ...(key === undefined ? {} : { 'idempotency-key': key }), ...headers },
      payload,
    });

  it('replays the first response byte for byte, marked Idempotent-Replayed', async () => {
    const first = await rent('k-replay', { stationId: 'stn_1', note: 'x' });
    const second = await rent('k-replay', { note: 'x', stationId: 'stn_1' }); // same body, other key order
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toBe(first.body);
    expect(second.headers['content-type']).toBe(first.headers['content-type']);
  });

  it('refuses the same key with a different body: 422 problem naming the header', async () => {
    await rent('k-reuse', { stationId: 'stn_1' });
    const res = await rent('k-reuse', { stationId: 'stn_2' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      title: 'Unprocessable Entity',
      detail: expect.stringContaining('Idempotency-Key'),
    });
  });

  it('treats the same key on another caller’s URL as another request', async () => {
    const mine = await rent('k-scope', { stationId: 'stn_1' }, 'rdr_1');
    const theirs = await rent('k-scope', { stationId: 'stn_1' }, 'rdr_2');
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json().id).not.toBe(mine.json().id);
  });

  it('replays a stored 4xx problem identically, in the requested language', async () => {
    const headers = { 'accept-language': 'fr-FR' };
    const first = await rent('k-problem', { stationId: 'stn_full' }, 'rdr_1', headers);
    const second = await rent('k-problem', { stationId: 'stn_full' }, 'rdr_1', headers);
    expect(first.statusCode).toBe(409);
    expect(second.statusCode).toBe(409);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toBe(first.body);
    expect(second.headers['content-type']).toBe(first.headers['content-type']);
  });

  it('answers 10 simultaneous retries with one creation and identical bodies', async () => {
    const before = created;
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => rent('k-burst', { stationId: 'stn_9' })),
    );
    expect(created - before).toBe(1);
    expect(new Set(replies.map((r) => r.body)).size).toBe(1);
    expect(replies.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(9);
  });

  it('rejects a malformed key with 400 naming the header, and writes nothing', async () => {
    const before = created;
    for (const key of ['', 'x'.repeat(256), 'caf\u00e9']) {
      const res = await rent(key, { stationId: 'stn_1' });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        code: 'IDEMPOTENCY_KEY_INVALID',
        detail: expect.stringContaining('Idempotency-Key'),
      });
    }
    expect(created).toBe(before);
    expect((await rent('x'.repeat(255), { stationId: 'stn_1' })).statusCode).toBe(201);
  });

  it('requires the key where the route says so, with a localised problem', async () => {
    const res = await rent(undefined, { stationId: 'stn_1' }, 'rdr_1', { 'accept-language': 'de-DE' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REQUIRED',
      detail: 'Dieser Endpunkt erfordert einen Idempotency-Key-Header',
    });
  });

  it('just runs the handler when the key is optional and absent', async () => {
    const a = await app.inject({ method: 'POST', url: '/v1/notes', payload: { stationId: 's' } });
    const b = await app.inject({ method: 'POST', url: '/v1/notes', payload: { stationId: 's' } });
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(b.json().n).toBe(a.json().n + 1);
  });
});
