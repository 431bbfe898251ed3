import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeMessage, type SmsProvider } from './code-senders.js';
import { SmtpSender } from './smtp.sender.js';

interface Received {
  from: string;
  to: string[];
  data: string;
}

/**
 * Just enough of an SMTP server (RFC 5321) for one client: greeting, EHLO, MAIL, RCPT, DATA, QUIT.
 * No STARTTLS is offered, so the client talks plain text on loopback.
 */
function smtpServer(received: Received[]): Server {
  return createServer((socket) => {
    let buffer = '';
    let inData = false;
    let current: Received = { from: '', to: [], data: '' };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 localhost test SMTP');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          current.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          received.push(current);
          current = { from: '', to: [], data: '' };
          reply('250 2.0.0 queued');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') reply('250-localhost\r\n250 8BITMIME');
        else if (verb === 'HELO') reply('250 localhost');
        else if (verb === 'MAIL') {
          current.from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          reply('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          current.to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          reply('250 2.1.5 ok');
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 end with <CRLF>.<CRLF>');
        } else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
        } else if (verb === 'RSET' || verb === 'NOOP') reply('250 ok');
        else reply('502 not implemented');
      }
    });
  });
}

/** Quoted-printable soft line breaks and escapes, enough to read a text body back. */
function decodeQuotedPrintable(text: string): string {
  const bytes = text
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

describe('SMTP code sender', () => {
  const received: Received[] = [];
  const server = smtpServer(received);
  const sms: string[] = [];
  const smsProvider: SmsProvider = {
    sendSms: async (to, text) => {
      sms.push(`${to}: ${text}`);
    },
  };
  let sender: SmtpSender;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    sender = new SmtpSender({
      transport: { host: '127.0.0.1', port, secure: false, ignoreTLS: true },
      from: 'chargenet <no-reply@chargenet.test>',
      sms: smsProvider,
    });
  });
  afterAll(async () => {
    sender.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('delivers a localised code e-mail over a real SMTP exchange', async () => {
    const message = codeMessage({ channel: 'email', address: 'rider@example.com' }, '482913', 600, 'fr-FR');
    await sender.send(message);
    expect(received).toHaveLength(1);
    const mail = received[0]!;
    expect(mail.from).toBe('no-reply@chargenet.test');
    expect(mail.to).toEqual(['rider@example.com']);
    expect(mail.data).toMatch(/^Content-Language: fr-FR$/m);
    expect(mail.data).toMatch(/^Subject: /m);
    const body = decodeQuotedPrintable(mail.data.split('\r\n\r\n').slice(1).join('\r\n\r\n'));
    expect(body).toContain('Votre code de connexion chargenet est 482913.');
    expect(body).toContain('10 minutes');
  });

  it('hands SMS codes to the SMS provider, not to SMTP', async () => {
    const before = received.length;
    await sender.send(codeMessage({ channel: 'sms', address: '+33612345678' }, '123456', 600, 'en-GB'));
    expect(received).toHaveLength(before);
    expect(sms).toEqual([
      '+33612345678: Your chargenet code is 123456. It expires in 10 min. Never share it.',
    ]);
  });
});
