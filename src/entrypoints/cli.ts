#!/usr/bin/env node
/**
 * The `chargenet` command (bin/chargenet.js runs this file through tsx). The only place, with
 * server.ts, that touches process signals and exit codes.
 */
import { runCli } from '../cli/cli.program.js';

const controller = new AbortController();
let firstSignalAt = 0;
const onSignal = (signal: NodeJS.Signals) => {
  const now = Date.now();
  if (firstSignalAt === 0) {
    firstSignalAt = now;
    controller.abort(signal);
  } else if (now - firstSignalAt > 1000) {
    // A second Ctrl-C means "now": skip the graceful shutdown. (tsx and npm relay the terminal's
    // Ctrl-C, so one keypress can arrive twice within a few milliseconds; that is not a second one.)
    process.exit(130);
  }
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
});
process.exit(code);
