/** Request bodies of the account routes (zod, validated at the edge). */
import { z } from 'zod';

/** 10 characters at least; 200 at most so a huge "password" cannot tie up scrypt. */
export const PASSWORD_MIN = 10;
const password = z.string().min(PASSWORD_MIN, `Use a password of at least ${PASSWORD_MIN} characters.`).max(200, 'Use a password of at most 200 characters.');
const email = z.string().trim().toLowerCase().max(254, 'An email address has at most 254 characters.')
  .pipe(z.email('Enter an email address like name@example.com.'));
const role = z.enum(['owner', 'manager', 'viewer'], 'The role must be owner, manager or viewer.');
const locationIds = z.array(z.string().min(1).max(64)).max(500);

export const LoginBody = z.object({ email, password: z.string().min(1, 'Enter your password.').max(200) });

export const InviteBody = z.object({ email, role, locationIds: locationIds.default([]) });

export const AcceptBody = z.object({
  token: z.string().min(1).max(200),
  name: z.string().trim().min(1, 'Enter your name.').max(100, 'A name has at most 100 characters.'),
  password,
});

export const MemberPatchBody = z.object({ role: role.optional(), locationIds: locationIds.optional() })
  .refine((b) => b.role !== undefined || b.locationIds !== undefined, 'Send a role, locationIds or both.');

export type InviteInput = z.infer<typeof InviteBody>;
export type MemberPatch = z.infer<typeof MemberPatchBody>;
