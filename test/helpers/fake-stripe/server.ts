import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { FakeStripeApi, StripeFailure, type FakeStripeState, type StripeObject } from './api.js';
import { list, parseForm, type FormObject } from './form.js';

/**
 * A local HTTP server that speaks the part of Stripe's API the `stripe` adapter uses, so the adapter
 * is tested through the official SDK over real HTTP: bearer secret key, form-encoded bodies,
 * `Idempotency-Key` with Stripe's semantics (same key + same body replays the first answer, a different
 * body is refused with `idempotency_error`), Stripe-shaped objects and errors.
 */
export interface FakeStripe {
  host: string;
  port: number;
  secretKey: string;
  webhookSecret: string;
  state: FakeStripeState;
  /** The next `count` requests fail with `status` before reaching a handler (a flaky Stripe). */
  failNext(count: number, status?: number): void;
  /** Stripe cancelling an uncaptured hold at its capture_before; returns the canceled intent. */
  expireIntent(id: string): StripeObject;
  /** A webhook as Stripe would send it: the JSON payload and its `Stripe-Signature` header. */
  signedWebhook(
    type: string,
    object: Record<string, unknown>,
    options?: { timestampSeconds?: number; secret?: string },
  ): { payload: string; header: string };
  close(): Promise<void>;
}

export interface FakeStripeOptions {
  port?: number;
  secretKey?: string;
  webhookSecret?: string;
  /** The fake's clock (ms), so capture_before follows a TestClock. */
  nowMs?: () => number;
}

type Route = {
  method: string;
  pattern: RegExp;
  handle(api: FakeStripeApi, form: FormObject, id: string): StripeObject;
};

const ROUTES: Route[] = [
  { method: 'POST', pattern: /^\/v1\/customers$/, handle: (api, form) => api.createCustomer(form) },
  { method: 'POST', pattern: /^\/v1\/setup_intents$/, handle: (api, form) => api.createSetupIntent(form) },
  {
    method: 'POST',
    pattern: /^\/v1\/payment_methods\/([^/]+)\/attach$/,
    handle: (api, form, id) => api.attachPaymentMethod(id, form),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/payment_methods\/([^/]+)\/detach$/,
    handle: (api, _form, id) => api.detachPaymentMethod(id),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/payment_methods\/([^/]+)$/,
    handle: (api, _f, id) => api.retrievePaymentMethod(id),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/payment_intents$/,
    handle: (api, form) => api.createPaymentIntent(form),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/payment_intents\/([^/]+)$/,
    handle: (api, form, id) => api.retrievePaymentIntent(id, list(form, 'expand')),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/payment_intents\/([^/]+)\/capture$/,
    handle: (api, form, id) => api.capturePaymentIntent(id, form),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/payment_intents\/([^/]+)\/cancel$/,
    handle: (api, form, id) => api.cancelPaymentIntent(id, form),
  },
  { method: 'POST', pattern: /^\/v1\/refunds$/, handle: (api, form) => api.createRefund(form) },
];

interface Answer {
  status: number;
  body: string;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const errorAnswer = (status: number, error: Record<string, unknown>): Answer => ({
  status,
  body: JSON.stringify({ error }),
});

/** Starts the fake on loopback (`port: 0`, the default, picks a free port). */
export async function startFakeStripe(options: FakeStripeOptions = {}): Promise<FakeStripe> {
  const secretKey = options.secretKey ?? 'sk_test_fake_chargenet';
  const webhookSecret = options.webhookSecret ?? 'whsec_fake_chargenet';
  const nowMs = options.nowMs ?? (() => Date.now());
  const api = new FakeStripeApi(nowMs);
  const idempotent = new Map<string, { fingerprint: string; answer: Answer }>();
  let failures = { count: 0, status: 500 };

  function route(method: string, path: string, form: FormObject): Answer {
    for (const r of ROUTES) {
      const m = r.method === method ? r.pattern.exec(path) : null;
      if (!m) continue;
      try {
        return { status: 200, body: JSON.stringify(r.handle(api, form, decodeURIComponent(m[1] ?? ''))) };
      } catch (err) {
        if (err instanceof StripeFailure) return errorAnswer(err.status, err.body);
        throw err;
      }
    }
    return errorAnswer(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path}).`,
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake-stripe');
    const raw = await readBody(req);
    const send = (answer: Answer, replayed = false) => {
      res.writeHead(answer.status, {
        'content-type': 'application/json',
        'request-id': `req_${Math.random().toString(36).slice(2)}`,
        ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
      });
      res.end(answer.body);
    };
    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      return send(errorAnswer(401, { type: 'invalid_request_error', message: 'Invalid API Key provided.' }));
    }
    if (failures.count > 0) {
      failures.count--;
      return send(
        errorAnswer(failures.status, { type: 'api_error', message: 'Something went wrong on Stripe’s end.' }),
      );
    }
    const method = req.method ?? 'GET';
    const form = parseForm(method === 'GET' ? url.search.slice(1) : raw);
    const key = req.headers['idempotency-key'];
    const idempotencyKey = typeof key === 'string' && method === 'POST' ? key : undefined;
    if (idempotencyKey) {
      const fingerprint = `${method} ${url.pathname} ${new URLSearchParams(raw).toString()}`;
      const seen = idempotent.get(idempotencyKey);
      if (seen && seen.fingerprint !== fingerprint) {
        return send(
          errorAnswer(400, {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          }),
        );
      }
      if (seen) return send(seen.answer, true);
      api.state.requests.push({ method, path: url.pathname, form, idempotencyKey });
      const answer = route(method, url.pathname, form);
      idempotent.set(idempotencyKey, { fingerprint, answer });
      return send(answer);
    }
    api.state.requests.push({ method, path: url.pathname, form });
    return send(route(method, url.pathname, form));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'api_error', message: String(err) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    host: '127.0.0.1',
    port,
    secretKey,
    webhookSecret,
    state: api.state,
    failNext(count, status = 500) {
      failures = { count, status };
    },
    expireIntent(id) {
      return api.markCanceled(api.retrievePaymentIntent(id, []), 'automatic');
    },
    signedWebhook(type, object, opts = {}) {
      const created = opts.timestampSeconds ?? Math.floor(nowMs() / 1000);
      const event = {
        id: `evt_${Math.random().toString(36).slice(2)}`,
        object: 'event',
        api_version: Stripe.API_VERSION,
        created,
        data: { object },
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type,
      };
      const payload = JSON.stringify(event);
      const header = Stripe.webhooks.generateTestHeaderString({
        payload,
        secret: opts.secret ?? webhookSecret,
        timestamp: created,
      });
      return { payload, header };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
