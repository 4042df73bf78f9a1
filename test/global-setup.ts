import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { MIGRATIONS_DIR } from '../src/infra/database/connect';

/**
 * PGlite's initdb takes seconds; every embedded test app instead loads this image, made once per run: an empty
 * database with all migrations applied.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const client = await PGlite.create('memory://', { extensions: { pg_trgm } });
  await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_DIR });
  const image = await client.dumpDataDir('none');
  await client.close();
  const file = path.join(os.tmpdir(), `im-pglite-template-${process.pid}.tar`);
  fs.writeFileSync(file, Buffer.from(await image.arrayBuffer()));
  process.env.IM_TEST_PGLITE_TEMPLATE = file;
}
