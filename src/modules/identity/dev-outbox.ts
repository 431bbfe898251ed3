import type { Kysely } from 'kysely';
import { toIso, type Clock } from '../../kernel/clock.js';
import type { Database } from '../../kernel/db/index.js';
import { newId } from '../../kernel/ids.js';
import type { IdentityTables } from './identity.tables.js';
import type { OutboxMessage } from './identity.types.js';
import type { CodeMessage, CodeSender, SmsProvider } from './code-senders.js';

/**
 * The development sender: instead of delivering, it keeps every message in identity_dev_outbox, where
 * tests, the rider simulator and the CLI read the codes. It is also the only SMS provider so far.
 */
export class DevOutbox implements CodeSender, SmsProvider {
  private readonly db: Kysely<IdentityTables>;

  constructor(
    database: Database,
    private readonly clock: Clock,
  ) {
    this.db = database.db as Kysely<IdentityTables>;
  }

  async send(message: CodeMessage): Promise<void> {
    await this.write(message.channel, message.destination, message.subject, message.body);
  }

  async sendSms(to: string, text: string): Promise<void> {
    await this.write('sms', to, null, text);
  }

  /** The newest message sent to the destination (an e-mail address or E.164 number). */
  async latest(destination: string): Promise<OutboxMessage | undefined> {
    const row = await this.db
      .selectFrom('identity_dev_outbox')
      .selectAll()
      .where('destination', '=', destination.trim().toLowerCase())
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      channel: row.channel,
      destination: row.destination,
      subject: row.subject,
      body: row.body,
      createdAt: row.created_at,
    };
  }

  /** Erasure: messages to a rider's addresses name the rider, so they go. */
  async deleteFor(db: Kysely<IdentityTables>, destinations: string[]): Promise<void> {
    if (destinations.length === 0) return;
    await db.deleteFrom('identity_dev_outbox').where('destination', 'in', destinations).execute();
  }

  private async write(
    channel: 'email' | 'sms',
    destination: string,
    subject: string | null,
    body: string,
  ): Promise<void> {
    const nowMs = this.clock.nowMs();
    await this.db
      .insertInto('identity_dev_outbox')
      .values({
        id: newId('outboxMessage', nowMs),
        channel,
        destination,
        subject,
        body,
        created_at: toIso(nowMs),
      })
      .execute();
  }
}
