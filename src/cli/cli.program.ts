import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import type { CliContext } from './cli.context.js';
import { reportError } from './cli.errors.js';
import { registerDatabaseCommands } from './database.commands.js';
import { registerFleetCommands } from './fleet.commands.js';
import { registerRiderCommands } from './riders.commands.js';
import { registerServerCommands } from './server.commands.js';
import { registerSimulateCommand } from './simulate.command.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/**
 * Runs the `chargenet` command line with the given arguments and returns the exit code
 * (0 done, 1 runtime failure, 2 bad input). Never calls process.exit itself.
 */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const program = new Command('chargenet')
    .description('chargenet: the platform of a shared phone-charging network')
    .version(version())
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) })
    .showHelpAfterError('(add --help for usage)');

  let failure: unknown;
  let failed = false;
  const run = async (action: () => Promise<void>): Promise<void> => {
    try {
      await action();
    } catch (err) {
      failure = err;
      failed = true;
    }
  };
  registerServerCommands(program, ctx, run);
  registerDatabaseCommands(program, ctx, run);
  registerSimulateCommand(program, ctx, run);
  registerFleetCommands(program, ctx, run);
  registerRiderCommands(program, ctx, run);

  const json = argv.includes('--json');
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    return reportError(ctx, err, json);
  }
  return failed ? reportError(ctx, failure, json) : 0;
}
