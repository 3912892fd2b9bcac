import { z } from '@hono/zod-openapi';
import { Pin, Text } from '../http/schemas.js';
import { ROLES } from '../auth/permissions.js';

export const RoleSchema = z.enum(ROLES);

export const StaffMember = z.object({
  id: z.string(),
  name: z.string(),
  role: RoleSchema,
  active: z.boolean(),
  version: z.number(),
}).openapi('StaffMember');

export const CreateStaff = z.object({
  id: z.uuid().optional(),
  name: Text(80),
  role: RoleSchema,
  pin: Pin,
}).strict().openapi('CreateStaff');
export type CreateStaffInput = z.infer<typeof CreateStaff>;

export const UpdateStaff = z.object({
  name: Text(80).optional(),
  role: RoleSchema.optional(),
  active: z.boolean().optional(),
  pin: Pin.optional(),
  expectedVersion: z.number().int().min(1).optional(),
}).strict().openapi('UpdateStaff');
export type UpdateStaffInput = z.infer<typeof UpdateStaff>;
