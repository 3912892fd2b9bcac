import { z } from '@hono/zod-openapi';
import { newRouter } from '../http/router.js';
import { defineRoute } from '../http/route.js';
import { jsonBody, jsonContent } from '../http/schemas.js';
import type { RouteDeps } from '../http/route-deps.js';
import { Restaurant, SettingsPatch, SetupRequest } from './schemas.js';

const SetupStatus = z.object({ initialized: z.boolean() });
const SetupResult = z.object({
  restaurant: Restaurant,
  owner: z.object({ id: z.string(), name: z.string() }),
  device: z.object({ id: z.string(), token: z.string() }),
  session: z.object({ token: z.string(), expiresAt: z.number() }),
}).openapi('SetupResult');

const getStatus = defineRoute('public', { method: 'get', path: '/setup', tags: ['setup'], summary: 'Whether this box has been set up', responses: { 200: jsonContent(SetupStatus) } });
const postSetup = defineRoute('public', {
  method: 'post', path: '/setup', tags: ['setup'],
  summary: 'First-run set-up: the restaurant and its owner. The calling browser is paired and signed in as the owner.',
  request: jsonBody(SetupRequest), responses: { 201: jsonContent(SetupResult, 'Set up') },
});
const getSettings = defineRoute('settings.read', { method: 'get', path: '/settings', tags: ['setup'], summary: 'Restaurant settings', responses: { 200: jsonContent(Restaurant) } });
const patchSettings = defineRoute('settings.write', {
  method: 'patch', path: '/settings', tags: ['setup'], summary: 'Change restaurant settings (owner)',
  request: jsonBody(SettingsPatch), responses: { 200: jsonContent(Restaurant) },
});

export function setupRoutes({ services, authorize }: RouteDeps) {
  return newRouter()
    .openapi(getStatus, async (c) => c.json({ initialized: services.setup.isInitialized() }, 200))
    .openapi(postSetup, async (c) => {
      authorize(c, postSetup);
      const input = c.req.valid('json');
      const { restaurant, ownerId } = await services.setup.init(input);
      const owner = { staffId: ownerId, role: 'owner' as const, deviceId: null };
      const device = await services.auth.registerDevice(owner, 'Set-up browser', 'terminal');
      const session = await services.auth.signIn(device.deviceId, ownerId, input.ownerPin);
      return c.json({
        restaurant,
        owner: { id: ownerId, name: input.ownerName },
        device: { id: device.deviceId, token: device.token },
        session: { token: session.token, expiresAt: session.expiresAt },
      }, 201);
    })
    .openapi(getSettings, async (c) => {
      authorize(c, getSettings);
      return c.json(await services.setup.get(), 200);
    })
    .openapi(patchSettings, async (c) => {
      const actor = authorize(c, patchSettings);
      return c.json(await services.setup.update(actor, c.req.valid('json')), 200);
    });
}
