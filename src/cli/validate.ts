import type { z } from '@hono/zod-openapi';
import { AppError } from '../errors.js';

/**
 * Parses CLI input with the API's own zod schema, so the console and the API accept exactly the
 * same things. Each problem is reported under the flag the person typed (`--currency`), not the
 * API field name.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: Record<string, unknown>, flags: Record<string, string>): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => {
    const field = String(issue.path[0] ?? '');
    const flag = flags[field] ?? (field || '(input)');
    const missing = field !== '' && input[field] === undefined;
    return { path: flag, message: missing ? 'Required.' : issue.message };
  });
  throw new AppError('VALIDATION_FAILED', `Not valid: ${details.map((d) => d.path).join(', ')}.`, details);
}

/** A number typed on the command line; empty or non-numeric text becomes NaN so the schema names the flag. */
export function numberArg(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return value.trim() === '' ? Number.NaN : Number(value);
}

/** A percent typed by a person ("12.5") as basis points (1250), the unit the API stores. */
export function percentToBp(value: string | undefined): number | undefined {
  const n = numberArg(value);
  return n === undefined ? undefined : Math.round(n * 100);
}
