import { t, type Locale } from '../../kernel/i18n/index.js';
import type { Destination } from './identity.destination.js';

/** A one-time-code message, already in the rider's language. */
export interface CodeMessage {
  channel: 'email' | 'sms';
  /** Normalised e-mail address or E.164 number */
  destination: string;
  /** E-mail subject; null for SMS */
  subject: string | null;
  body: string;
  locale: Locale;
}

/** The port codes leave through: the dev outbox, SMTP, or anything an operator plugs in. */
export interface CodeSender {
  send(message: CodeMessage): Promise<void>;
}

/** What an SMS gateway must offer; the dev outbox is the only implementation so far. */
export interface SmsProvider {
  sendSms(to: string, text: string): Promise<void>;
}

/** The localised message that carries a code to its destination. */
export function codeMessage(
  destination: Destination,
  code: string,
  ttlSeconds: number,
  locale: Locale,
): CodeMessage {
  const minutes = Math.max(1, Math.round(ttlSeconds / 60));
  if (destination.channel === 'sms') {
    return {
      channel: 'sms',
      destination: destination.address,
      subject: null,
      body: t(locale, 'identity.code.sms', { code, minutes }),
      locale,
    };
  }
  return {
    channel: 'email',
    destination: destination.address,
    subject: t(locale, 'identity.code.email.subject', { code }),
    body: t(locale, 'identity.code.email.body', { code, minutes }),
    locale,
  };
}
