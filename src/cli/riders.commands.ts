import type { Command } from 'commander';
import { systemClock } from '../kernel/clock.js';
import { DevOutbox, destinationOf } from '../modules/identity/index.js';
import { output, withFleet, type CliContext, type OutputOptions } from './cli.context.js';
import { CliInputError } from './cli.errors.js';

type Run = (action: () => Promise<void>) => Promise<void>;

/**
 * Rider tools for development: read the one-time login code the platform "sent" (the development
 * outbox keeps codes when no SMTP server or SMS provider is configured).
 */
export function registerRiderCommands(program: Command, ctx: CliContext, run: Run): void {
  const riders = program.command('riders').description('rider tools for development');
  riders
    .command('code')
    .description(
      'print the newest one-time login code sent to an e-mail address or phone number (dev outbox)',
    )
    .option('--email <address>', 'the e-mail address the code was sent to')
    .option('--phone <number>', 'the phone number (E.164, e.g. +447700900123) the code was sent to')
    .option('--json', 'print the message as JSON')
    .action((opts: OutputOptions & { email?: string; phone?: string }) =>
      run(async () => {
        let address: string;
        try {
          address = destinationOf({ email: opts.email, phone: opts.phone }).address;
        } catch (err) {
          const field = opts.email !== undefined ? '--email' : '--phone';
          throw new CliInputError(
            `${field}: ${err instanceof Error ? err.message.replace(/^body\/\w+:?\s*/, '') : String(err)}`,
          );
        }
        const message = await withFleet(ctx, ({ database }) =>
          new DevOutbox(database, systemClock).latest(address),
        );
        if (!message)
          throw new CliInputError(
            `no code has been sent to ${address} (the outbox only holds codes of this database)`,
          );
        const code = /\b(\d{6})\b/.exec(message.body)?.[1] ?? null;
        output(
          ctx,
          opts,
          { ...message, code },
          `${code ?? '(no code in the message)'}  sent to ${address} at ${message.createdAt}`,
        );
      }),
    );
}
