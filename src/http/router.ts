import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Hook } from '@hono/zod-openapi';
import type { AppEnv } from './env.js';
import { ErrorBody } from './schemas.js';

/** Turns a zod failure into our error body: every problem with its path, so a person can fix them all at once. */
export function validationDetails(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(body)', message: issue.message }));
}

// Generic over every route's schemas, so its types are the widest the hook allows.
const validationHook: Hook<unknown, AppEnv, string, unknown> = (result, c) => {
  if (!result.success) {
    if (result.target === 'header' && result.error.issues.some((i) => i.path[0] === 'idempotency-key')) {
      const missing: z.infer<typeof ErrorBody> = { error: { code: 'IDEMPOTENCY_KEY_REQUIRED',
        message: 'Send an Idempotency-Key header (8–128 characters: letters, digits, _ - : .), new for each new payment and the same on a retry.' } };
      return c.json(missing, 400);
    }
    const body: z.infer<typeof ErrorBody> = {
      error: {
        code: 'VALIDATION_FAILED',
        message: `The request ${result.target} is not valid: ${validationDetails(result.error).map((d) => `${d.path}: ${d.message}`).join('; ')}`,
        details: validationDetails(result.error),
      },
    };
    return c.json(body, 400);
  }
  return undefined;
};

/** Every resource module builds its routes on one of these (one Hono sub-app per resource). */
export function newRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}
