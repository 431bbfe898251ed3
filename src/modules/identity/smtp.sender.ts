import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { CodeMessage, CodeSender, SmsProvider } from './code-senders.js';

export interface SmtpSenderOptions {
  /** `smtp://user:pass@host:587` / `smtps://…`, or nodemailer SMTP transport options */
  transport: string | SMTPTransport.Options;
  /** The From header, e.g. `chargenet <no-reply@example.com>` */
  from: string;
  /** Where SMS codes go; SMTP only carries e-mail */
  sms: SmsProvider;
}

/** Sends e-mail codes over SMTP (nodemailer) and hands SMS codes to the SMS provider. */
export class SmtpSender implements CodeSender {
  private readonly transporter: Transporter<SMTPTransport.SentMessageInfo>;

  constructor(private readonly options: SmtpSenderOptions) {
    this.transporter = createTransport(options.transport);
  }

  async send(message: CodeMessage): Promise<void> {
    if (message.channel === 'sms') {
      await this.options.sms.sendSms(message.destination, message.body);
      return;
    }
    await this.transporter.sendMail({
      from: this.options.from,
      to: message.destination,
      subject: message.subject ?? '',
      text: message.body,
      headers: { 'Content-Language': message.locale },
    });
  }

  /** Closes pooled SMTP connections. */
  close(): void {
    this.transporter.close();
  }
}
