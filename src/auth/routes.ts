import { z } from '@hono/zod-openapi';
import { newRouter } from '../http/router.js';
import { defineRoute } from '../http/route.js';
import { IdParam, Pin, Text, jsonBody, jsonContent } from '../http/schemas.js';
import type { RouteDeps } from '../http/route-deps.js';
import { AppError } from '../errors.js';
import { RoleSchema } from '../staff/schemas.js';
import { DeviceKind, PairingCodeRequest } from './schemas.js';

const SignIn = z.object({ staffId: z.uuid(), pin: Pin }).strict().openapi('SignIn');
const Session = z.object({
  token: z.string(), expiresAt: z.number(),
  staff: z.object({ id: z.string(), name: z.string(), role: RoleSchema }),
}).openapi('Session');
const Roster = z.array(z.object({ id: z.string(), name: z.string(), role: RoleSchema }));
const Me = z.object({ staffId: z.string().nullable(), role: z.string(), deviceId: z.string().nullable() });
const ChangePin = z.object({ currentPin: Pin, newPin: Pin }).strict();
const PairingCode = z.object({ code: z.string(), expiresAt: z.number() });
const Pair = z.object({ code: z.string().trim().min(4).max(16) }).strict();
const PairResult = z.object({ deviceId: z.string(), token: z.string(), name: z.string(), kind: DeviceKind });
const Device = z.object({ id: z.string(), name: z.string(), kind: DeviceKind, createdAt: z.number(), lastSeenAt: z.number().nullable(), revokedAt: z.number().nullable() });
const Revoke = z.object({ reason: Text(200).optional() }).strict();
const Ok = z.object({ ok: z.literal(true) });

const roster = defineRoute('device.sign_in', { method: 'get', path: '/auth/roster', tags: ['auth'], summary: 'Staff to pick from on the sign-in screen', responses: { 200: jsonContent(Roster) } });
const signIn = defineRoute('device.sign_in', { method: 'post', path: '/auth/sign-in', tags: ['auth'], summary: 'PIN sign-in on a paired device (5 wrong PINs lock the device for 5 minutes)', request: jsonBody(SignIn), responses: { 200: jsonContent(Session) } });
const signOut = defineRoute('session.self', { method: 'post', path: '/auth/sign-out', tags: ['auth'], summary: 'End this session', responses: { 200: jsonContent(Ok) } });
const me = defineRoute('session.self', { method: 'get', path: '/auth/me', tags: ['auth'], summary: 'Who is signed in', responses: { 200: jsonContent(Me) } });
const changePin = defineRoute('session.self', { method: 'post', path: '/auth/pin', tags: ['auth'], summary: 'Change your own PIN', request: jsonBody(ChangePin), responses: { 200: jsonContent(Ok) } });
const createCode = defineRoute('devices.manage', { method: 'post', path: '/devices/pairing-codes', tags: ['devices'], summary: 'A short-lived code to pair a tablet or kitchen screen', request: jsonBody(PairingCodeRequest), responses: { 201: jsonContent(PairingCode) } });
const pair = defineRoute('public', { method: 'post', path: '/devices/pair', tags: ['devices'], summary: 'Exchange a pairing code for a device token (once)', request: jsonBody(Pair), responses: { 201: jsonContent(PairResult) } });
const listDevices = defineRoute('devices.manage', { method: 'get', path: '/devices', tags: ['devices'], summary: 'Paired devices', responses: { 200: jsonContent(z.array(Device)) } });
const revoke = defineRoute('devices.manage', { method: 'post', path: '/devices/{id}/revoke', tags: ['devices'], summary: 'Revoke a device and end its sessions', request: { params: IdParam, ...jsonBody(Revoke) }, responses: { 200: jsonContent(Ok) } });

export function authRoutes({ services, authorize }: RouteDeps) {
  return newRouter()
    .openapi(roster, async (c) => {
      authorize(c, roster);
      return c.json(await services.auth.roster(), 200);
    })
    .openapi(signIn, async (c) => {
      const actor = authorize(c, signIn);
      if (!actor.deviceId) throw new AppError('DEVICE_NOT_PAIRED', 'Sign in from a paired device: send its device token.');
      const { staffId, pin } = c.req.valid('json');
      return c.json(await services.auth.signIn(actor.deviceId, staffId, pin), 200);
    })
    .openapi(signOut, async (c) => {
      authorize(c, signOut);
      const token = c.req.header('authorization')!.replace(/^Bearer\s+/i, '');
      await services.auth.signOut(token);
      return c.json({ ok: true as const }, 200);
    })
    .openapi(me, async (c) => {
      const actor = authorize(c, me);
      return c.json({ staffId: actor.staffId, role: actor.role, deviceId: actor.deviceId }, 200);
    })
    .openapi(changePin, async (c) => {
      const actor = authorize(c, changePin);
      const { currentPin, newPin } = c.req.valid('json');
      await services.auth.changePin(actor, currentPin, newPin);
      return c.json({ ok: true as const }, 200);
    })
    .openapi(createCode, async (c) => {
      const actor = authorize(c, createCode);
      const { name, kind } = c.req.valid('json');
      return c.json(await services.auth.createPairingCode(actor, name, kind), 201);
    })
    .openapi(pair, async (c) => {
      authorize(c, pair);
      return c.json(await services.auth.pair(c.req.valid('json').code), 201);
    })
    .openapi(listDevices, async (c) => {
      authorize(c, listDevices);
      return c.json(await services.auth.listDevices(), 200);
    })
    .openapi(revoke, async (c) => {
      const actor = authorize(c, revoke);
      await services.auth.revokeDevice(actor, c.req.valid('param').id, c.req.valid('json').reason ?? null);
      return c.json({ ok: true as const }, 200);
    });
}
