import { fetchHttp, type RiderHttp } from './rider-http.js';

/**
 * A rider as a mobile app is one: nothing but HTTP calls to the public API with a bearer token. Used
 * by the rentals benchmark and tests to drive the rental loop from the outside. It knows nothing about
 * the database: the one-time sign-in code comes from a `readMessage` function (the development outbox
 * in-process, a mailbox elsewhere).
 */
export interface SimulatedRiderOptions {
  /** The platform's base URL, e.g. http://127.0.0.1:3000 */
  baseUrl: string;
  /** Unique per rider; a random example.test address by default. */
  email?: string;
  locale?: string;
  country?: string;
  currency?: string;
  /** How requests go out; global fetch by default (see rider-http.ts). */
  http?: RiderHttp;
}

/** The part of a rental (`RentalView`) a rider acts on. */
export interface RiderRental {
  id: string;
  status: string;
  stationId: string;
  powerBankId: string | null;
  slot: number | null;
  amount: number | null;
  currency: string;
  receiptId: string | null;
  failureCode: string | null;
}

/** An RFC 9457 problem as the API answers it. */
export interface RiderProblem {
  status: number;
  code: string;
  detail?: string;
}

/** What POST /v1/rentals answered: the rental (201) or the problem. */
export type RentAnswer = { ok: true; rental: RiderRental } | { ok: false; problem: RiderProblem };

export type StationChoice = { stationId: string } | { stationCode: string };

/** The latest message sent to a destination (its text), as the development outbox keeps it. */
export type ReadMessage = (destination: string) => Promise<string | undefined>;

export const SUCCEEDING_TEST_CARD = '4242424242424242';

/** Thrown when the API answers something a rider cannot go on from. */
export class RiderHttpError extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${step}: HTTP ${status} ${body.slice(0, 300)}`);
    this.name = 'RiderHttpError';
  }
}

let counter = 0;

export class SimulatedRider {
  readonly email: string;
  private readonly options: SimulatedRiderOptions;
  private accessToken: string | undefined;
  private id: string | undefined;

  constructor(options: SimulatedRiderOptions) {
    this.options = options;
    counter += 1;
    this.email =
      options.email ??
      `rider-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  }

  /** The rider's id once signed up. */
  get riderId(): string {
    if (!this.id) throw new Error('the rider has not signed up yet');
    return this.id;
  }

  /** Asks for a one-time code, reads it from where it was sent, and signs in (creating the rider). */
  async signUp(readMessage: ReadMessage): Promise<void> {
    const asked = await this.call('POST', '/v1/auth/codes', { email: this.email });
    if (asked.status !== 202) throw new RiderHttpError('request a code', asked.status, asked.text);
    const code = /\b(\d{6})\b/.exec((await readMessage(this.email)) ?? '')?.[1];
    if (!code) throw new Error(`no login code was sent to ${this.email}`);
    const signed = await this.call('POST', '/v1/auth/tokens', {
      email: this.email,
      code,
      country: this.options.country ?? 'GB',
      currency: this.options.currency ?? 'GBP',
    });
    if (signed.status !== 200) throw new RiderHttpError('sign in', signed.status, signed.text);
    const body = JSON.parse(signed.text) as { accessToken: string; rider: { id: string } };
    this.accessToken = body.accessToken;
    this.id = body.rider.id;
  }

  /** Saves a sandbox test card (by default one on which every payment succeeds). */
  async addTestCard(number: string = SUCCEEDING_TEST_CARD): Promise<void> {
    const saved = await this.call('POST', '/v1/me/cards', { testCard: number });
    if (saved.status !== 201) throw new RiderHttpError('save a card', saved.status, saved.text);
  }

  /** Asks to rent at a station; a refusal comes back as the problem, not thrown. */
  async rent(station: StationChoice, idempotencyKey?: string): Promise<RentAnswer> {
    const res = await this.call(
      'POST',
      '/v1/rentals',
      station,
      idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
    );
    if (res.status === 201) return { ok: true, rental: JSON.parse(res.text) as RiderRental };
    let code = 'HTTP_' + res.status;
    let detail: string | undefined;
    try {
      const problem = JSON.parse(res.text) as { code?: string; detail?: string };
      code = problem.code ?? code;
      detail = problem.detail;
    } catch {
      // Not JSON (a proxy's error page): the status says enough.
    }
    return { ok: false, problem: { status: res.status, code, ...(detail ? { detail } : {}) } };
  }

  /** One of the rider's rentals; with `waitSeconds`, the server holds the answer while it is being ejected. */
  async rental(rentalId: string, waitSeconds = 0): Promise<RiderRental> {
    const query = waitSeconds > 0 ? `?waitSeconds=${waitSeconds}` : '';
    const res = await this.call('GET', `/v1/rentals/${encodeURIComponent(rentalId)}${query}`);
    if (res.status !== 200) throw new RiderHttpError('read a rental', res.status, res.text);
    return JSON.parse(res.text) as RiderRental;
  }

  /**
   * Polls the rental until its status is one of `statuses` (long-polling while it is ejected, then
   * every `pollMs`), or throws after `timeoutMs`.
   */
  async waitFor(
    rentalId: string,
    statuses: readonly string[],
    { timeoutMs = 30_000, pollMs = 100 }: { timeoutMs?: number; pollMs?: number } = {},
  ): Promise<RiderRental> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      const rental = await this.rental(rentalId, Math.max(0, Math.min(10, Math.floor(left / 1000))));
      if (statuses.includes(rental.status)) return rental;
      if (Date.now() >= deadline) {
        throw new Error(
          `rental ${rentalId} is ${rental.status}, not ${statuses.join('/')}, after ${timeoutMs} ms`,
        );
      }
      if (rental.status !== 'ejecting') await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  private async call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; text: string }> {
    return (this.options.http ?? fetchHttp)(
      method,
      `${this.options.baseUrl}${path}`,
      {
        'accept-language': this.options.locale ?? 'en-GB',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.accessToken ? { authorization: `Bearer ${this.accessToken}` } : {}),
        ...headers,
      },
      body !== undefined ? JSON.stringify(body) : undefined,
    );
  }
}
