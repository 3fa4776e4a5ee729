// Office users: roles, email normalisation, and the changes the CLI (and `npm run dev`) make.
import { z } from 'zod';
import type { PrismaClient } from '../db/client.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.ts';
import { ROLES, type Role } from './roles.ts';

export { ROLES, type Role };

export const RoleSchema = z.enum(ROLES);

/** Emails compare case-insensitively: stored and looked up lower-case. */
export const EmailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());
export const PasswordSchema = z.string().min(MIN_PASSWORD_LENGTH).max(1024);

export class UserExistsError extends Error {}

export async function createUser(prisma: PrismaClient, u: { email: string; name: string; role: Role; password: string }) {
  const email = EmailSchema.parse(u.email);
  if (await prisma.user.findUnique({ where: { email } })) throw new UserExistsError(email);
  return prisma.user.create({ data: { email, name: u.name, role: u.role, passwordHash: await hashPassword(PasswordSchema.parse(u.password)) } });
}

export async function findUserByEmail(prisma: PrismaClient, email: string) {
  const parsed = EmailSchema.safeParse(email);
  return parsed.success ? prisma.user.findUnique({ where: { email: parsed.data } }) : null;
}
