// Prisma CLI configuration (generate, migrate). Prisma 6.19 with the JavaScript engine and a driver
// adapter is the arrangement that works offline: no native engine is downloaded. scripts/lib.sh sets
// PRISMA_QUERY_ENGINE_LIBRARY / PRISMA_SCHEMA_ENGINE_BINARY to a dummy file so the CLI does not try
// to fetch engines it never uses. The scheme of DATABASE_URL picks the provider, as db/client.ts does:
// postgres:// or postgresql:// is PostgreSQL (db/postgres), anything else SQLite (db/sqlite), the
// embedded default. DONDOC_PRISMA_PROVIDER=postgres selects the PostgreSQL schema without a URL
// (`prisma generate` of both clients, scripts/lib.sh).
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaLibSQL } from '@prisma/adapter-libsql';
import { migrationAdapter } from './db/pg-migrate-adapter.ts';

const url = process.env.DATABASE_URL ?? 'file:.data/dondoc.db';
const postgres = /^postgres(ql)?:\/\//i.test(url) || process.env.DONDOC_PRISMA_PROVIDER === 'postgres';
const folder = path.join('db', postgres ? 'postgres' : 'sqlite');

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: folder,
  migrations: { path: path.join(folder, 'migrations') },
  adapter: async () => (postgres ? migrationAdapter(url) : new PrismaLibSQL({ url })),
});
