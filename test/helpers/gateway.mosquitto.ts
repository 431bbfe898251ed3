import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { reachable } from './servers.js';
import { waitUntil } from './gateway.stations.js';

export const MOSQUITTO_BIN = process.env.MOSQUITTO_BIN ?? '/usr/sbin/mosquitto';
const DEPLOY = resolve(import.meta.dirname, '../../deploy/mosquitto');
export const PASSWORDS_SCRIPT = join(DEPLOY, 'passwords.sh');
export const ACL_FILE = join(DEPLOY, 'acl');

/** Whether this machine can run a private Mosquitto (the binary and mosquitto_passwd exist). */
export function privateMosquittoPossible(): boolean {
  return existsSync(MOSQUITTO_BIN) && spawnSync('sh', ['-c', 'command -v mosquitto_passwd']).status === 0;
}

export interface PrivateMosquitto {
  url: string;
  /** Adds `username:password` users with deploy/mosquitto/passwords.sh and makes Mosquitto reload them. */
  addUsers(lines: string[]): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function writePasswords(file: string, lines: string[]): void {
  const run = spawnSync('sh', [PASSWORDS_SCRIPT, file], { input: `${lines.join('\n')}\n`, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`passwords.sh failed: ${run.stderr}`);
}

/**
 * A Mosquitto of the suite's own on a free loopback port, configured like production: no anonymous
 * access, the password file written by deploy/mosquitto/passwords.sh, and deploy/mosquitto/acl as is.
 */
export async function startPrivateMosquitto(users: string[]): Promise<PrivateMosquitto> {
  const dir = mkdtempSync(join(tmpdir(), 'cn-mosquitto-'));
  const passwordFile = join(dir, 'password_file');
  writePasswords(passwordFile, users);
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous false',
      `password_file ${passwordFile}`,
      `acl_file ${ACL_FILE}`,
      'persistence false',
      // Started as root, Mosquitto would switch to its own user, which cannot read our temp dir.
      `user ${userInfo().username}`,
      'log_dest none',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(MOSQUITTO_BIN, ['-c', conf], { stdio: 'ignore' });
  const url = `mqtt://127.0.0.1:${port}`;
  await waitUntil(() => reachable(url, port), 'private mosquitto listening');
  return {
    url,
    async addUsers(lines) {
      writePasswords(passwordFile, lines);
      // Mosquitto re-reads the password file on SIGHUP, asynchronously: callers retry their first login.
      child.kill('SIGHUP');
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
