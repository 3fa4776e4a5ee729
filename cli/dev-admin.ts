// `npm run dev` convenience: a fresh data directory has no account to sign in with, so the first run
// creates an administrator with a random password, shown once and kept in <dataDir>/dev-admin-password.txt
// (mode 0600). Never a fixed default password: a dev run reachable from the network stays closed.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PrismaClient } from '../db/client.ts';
import { recordAudit } from '../db/audit.ts';
import { createUser } from '../accounts/users.ts';

export const DEV_ADMIN_EMAIL = 'admin@dondoc.invalid';
export const DEV_ADMIN_PASSWORD_FILE = 'dev-admin-password.txt';

/** Creates the administrator when there is no account at all; returns its password then, else null. */
export async function ensureDevAdmin(prisma: PrismaClient, dataDir: string): Promise<{ email: string; password: string; file: string } | null> {
  if ((await prisma.user.count()) > 0) return null;
  const password = randomBytes(18).toString('base64url'); // 24 characters, 144 bits
  const user = await createUser(prisma, { email: DEV_ADMIN_EMAIL, name: 'Quản trị (dev)', role: 'admin', password });
  await recordAudit(prisma, { actor: 'system', action: 'user_add', target: user.id, detail: { email: DEV_ADMIN_EMAIL, role: 'admin', by: 'npm run dev' } });
  const file = path.join(dataDir, DEV_ADMIN_PASSWORD_FILE);
  await fs.mkdir(dataDir, { recursive: true });
  await fs.writeFile(file, `${password}\n`, { mode: 0o600 });
  await fs.chmod(file, 0o600); // writeFile's mode applies only to a new file
  return { email: DEV_ADMIN_EMAIL, password, file };
}
