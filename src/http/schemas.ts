import { z } from '@hono/zod-openapi';
import { ERROR_CODES } from '../errors.js';

/** The one error body (architecture §10). */
export const ErrorBody = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES, ...Array<keyof typeof ERROR_CODES>]),
    message: z.string(),
    details: z.unknown().optional(),
  }),
}).openapi('Error');

export const Uuid = z.uuid().openapi({ example: '0192f0c1-7a7e-7cc1-9a8e-2f4b1c0d9e11' });
export const IdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

/** Free text a person typed: trimmed, not empty, bounded. Unicode and emoji are welcome. */
export const Text = (max: number) => z.string().trim().min(1, 'Please fill this in.').max(max, `At most ${max} characters.`);

/** Minor currency units (cents). */
export const Money = z.number().int().min(0).max(100_000_000);

/** A manager's id and PIN typed on a waiter's device to approve one action. */
export const Approval = z.object({
  staffId: z.uuid(),
  pin: z.string().regex(/^\d{4,6}$/, 'A PIN is 4 to 6 digits.'),
}).strict().openapi('ManagerApproval');

export const Pin = z.string().regex(/^\d{4,6}$/, 'A PIN is 4 to 6 digits.');

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ErrorBody } } });

/** The error responses every route may give, for the OpenAPI document. */
export const standardErrors = {
  400: errorResponse('Invalid request (VALIDATION_FAILED, MALFORMED_JSON, …)'),
  401: errorResponse('Not signed in, or the credential is unknown or revoked'),
  403: errorResponse('The role may not do this (FORBIDDEN, MANAGER_APPROVAL_REQUIRED)'),
  404: errorResponse('Unknown id'),
  409: errorResponse('Conflicts with the current state'),
} as const;

export const jsonContent = <T extends z.ZodType>(schema: T, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});
