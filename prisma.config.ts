// Prisma CLI configuration (generate, migrate). Prisma 6.19 with the JavaScript engine and a driver
// adapter is the arrangement that works offline: no native engine is downloaded. scripts/lib.sh sets
// PRISMA_QUERY_ENGINE_LIBRARY / PRISMA_SCHEMA_ENGINE_BINARY to a dummy file so the CLI does not try
// to fetch engines it never uses. One config per provider; SQLite is the embedded default.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaLibSQL } from '@prisma/adapter-libsql';

const url = process.env.DATABASE_URL ?? 'file:.data/dondoc.db';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('db', 'sqlite'),
  migrations: { path: path.join('db', 'sqlite', 'migrations') },
  adapter: async () => new PrismaLibSQL({ url }),
});
