import * as fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Client, escapeLiteral } from 'pg';
import { sql } from 'drizzle-orm';
import { connectDatabase } from '../../src/infra/database/connect';
import { DatabaseService, dbHandle } from '../../src/infra/database/database.service';
import { MEMORY_DATA_DIR } from '../../src/config/app-config';

let template: Blob | undefined;

/** The migrated PGlite image made by test/global-setup.ts, if any (skips initdb). */
export function pgliteTemplate(): Blob | undefined {
  const file = process.env.IM_TEST_PGLITE_TEMPLATE;
  if (!file || !fs.existsSync(file)) return undefined;
  template ??= new Blob([fs.readFileSync(file)]);
  return template;
}

/** A fresh, empty database on the PostgreSQL server of `baseUrl`; `drop` removes it. */
export async function freshDatabase(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `imtest_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestDatabase {
  database: DatabaseService;
  /** closes the connection and drops the database (PostgreSQL) */
  close(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** session time zone (default: the server's), to prove that code does not depend on it */
  timeZone?: string;
}

/**
 * A migrated, empty database for medium tests: a fresh database on the PostgreSQL of DATABASE_URL when set,
 * else PGlite in memory.
 */
export async function openTestDatabase(opts: TestDatabaseOptions = {}): Promise<TestDatabase> {
  Logger.overrideLogger(['error', 'warn']);
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    const database = await connectDatabase({ dataDir: MEMORY_DATA_DIR, pgliteTemplate: pgliteTemplate() });
    // PGlite has a single session, so a session setting applies to every later query.
    if (opts.timeZone) await dbHandle(database).execute(sql`SELECT set_config('TimeZone', ${opts.timeZone}, false)`);
    return { database, close: () => database.close() };
  }
  const fresh = await freshDatabase(baseUrl);
  if (opts.timeZone) {
    const c = new Client({ connectionString: fresh.url });
    await c.connect();
    const name = new URL(fresh.url).pathname.slice(1);
    await c.query(`ALTER DATABASE ${name} SET timezone TO ${escapeLiteral(opts.timeZone)}`);
    await c.end();
  }
  const database = await connectDatabase({ databaseUrl: fresh.url, dataDir: MEMORY_DATA_DIR, poolSize: 5 });
  return {
    database,
    close: async () => {
      await database.close();
      await fresh.drop();
    },
  };
}
