import { z } from '@hono/zod-openapi';
import { Text } from '../http/schemas.js';

export const DeviceKind = z.enum(['tablet', 'kitchen', 'terminal']);

/** What a manager gives when asking for a pairing code: shared by the API and the CLI. */
export const PairingCodeRequest = z.object({ name: Text(60), kind: DeviceKind }).strict().openapi('PairingCodeRequest');
