import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../../src/kernel/clock.js';
import { connectDatabase, migrateToLatest, type Database } from '../../src/kernel/db/index.js';
import { allMigrations } from '../../src/app/migrations.js';
import { DevOutbox } from '../../src/modules/identity/index.js';
import { runChargenet } from '../helpers/cli.process.js';

/** `chargenet riders code`: a developer reads the login code the platform "sent", as a script would. */
describe('chargenet riders code', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chargenet-riders-'));
  const env = { DATABASE_URL: `sqlite:${join(dir, 'cli.db')}` };
  let database: Database;

  beforeAll(async () => {
    database = connectDatabase(env.DATABASE_URL, 1);
    await migrateToLatest(database, ...allMigrations);
    const outbox = new DevOutbox(database, new TestClock('2026-11-23T10:00:00.000Z'));
    await outbox.send({
      channel: 'email',
      destination: 'ada@example.test',
      subject: 'Your code',
      body: 'Your chargenet code is 482913. It expires in 10 minutes.',
      locale: 'en-GB',
    });
  });
  afterAll(async () => {
    await database.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the newest code for the address, also as JSON', async () => {
    const plain = await runChargenet(['riders', 'code', '--email', 'Ada@Example.test'], env);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^482913 {2}sent to ada@example\.test/);
    const json = await runChargenet(['riders', 'code', '--email', 'ada@example.test', '--json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ code: '482913', destination: 'ada@example.test' });
  });

  it('refuses a malformed address or an address with no code, naming it, with exit 2', async () => {
    const bad = await runChargenet(['riders', 'code', '--phone', '07700 900123'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--phone: must be an E\.164 number/);
    const none = await runChargenet(['riders', 'code', '--email', 'nobody@example.test'], env);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no code has been sent to nobody@example\.test/);
  });
});
