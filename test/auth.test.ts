import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';

let t: TestBox;
let r: Restaurant;
beforeEach(async () => { t = await startTestBox(); r = await setUpRestaurant(t); });
afterEach(async () => { await t.close(); });

describe('signing in on a paired device', () => {
  it('pairs a tablet with a manager code, signs a waiter in and out', async () => {
    const code = await t.api('POST', '/devices/pairing-codes', { token: r.ownerToken, body: { name: 'Tablet 1', kind: 'tablet' } });
    expect(code.status).toBe(201);
    const paired = await t.api('POST', '/devices/pair', { body: { code: code.body.code } });
    expect(paired.status).toBe(201);
    const again = await t.api('POST', '/devices/pair', { body: { code: code.body.code } });
    expect(again.body.error.code).toBe('PAIRING_CODE_INVALID');

    const waiter = await t.api('POST', '/staff', { token: r.ownerToken, body: { name: 'Wanda', role: 'waiter', pin: '4321' } });
    const roster = await t.api('GET', '/auth/roster', { token: paired.body.token });
    expect(roster.body.map((s: { name: string }) => s.name)).toContain('Wanda');
    const session = await t.api('POST', '/auth/sign-in', { token: paired.body.token, body: { staffId: waiter.body.id, pin: '4321' } });
    expect(session.status).toBe(200);
    expect((await t.api('GET', '/auth/me', { token: session.body.token })).body.role).toBe('waiter');
    await t.api('POST', '/auth/sign-out', { token: session.body.token });
    expect((await t.api('GET', '/auth/me', { token: session.body.token })).body.error.code).toBe('UNAUTHENTICATED');
  });

  it('locks the person, not the tablet, for five minutes after five wrong PINs, with Retry-After', async () => {
    const waiter = await r.signInAs('waiter', '5555');
    const other = await r.signInAs('waiter', '6666');
    for (let i = 0; i < 4; i++) {
      const wrong = await t.api('POST', '/auth/sign-in', { token: r.deviceToken, body: { staffId: waiter.staffId, pin: '0000' } });
      expect(wrong.body.error.code).toBe('PIN_INCORRECT');
    }
    const fifth = await t.api('POST', '/auth/sign-in', { token: r.deviceToken, body: { staffId: waiter.staffId, pin: '0000' } });
    expect(fifth.status).toBe(429);
    expect(fifth.body.error).toMatchObject({ code: 'PIN_LOCKED', details: { scope: 'staff' } });
    expect(Number(fifth.headers.get('retry-after'))).toBeGreaterThan(290);
    const right = await t.api('POST', '/auth/sign-in', { token: r.deviceToken, body: { staffId: waiter.staffId, pin: '5555' } });
    expect(right.status).toBe(429);
    // Everyone else on the same tablet signs in as usual.
    const colleague = await t.api('POST', '/auth/sign-in', { token: r.deviceToken, body: { staffId: other.staffId, pin: '6666' } });
    expect(colleague.status).toBe(200);
  });

  it('slows a device where ten wrong PINs were typed for different people, for 30 seconds', async () => {
    const people = await Promise.all([1, 2, 3].map((n) => r.signInAs('waiter', `${n}${n}${n}${n}`)));
    const codes: string[] = [];
    for (let i = 0; i < 10; i++) {
      const who = people[i % 3]!;
      codes.push((await t.api('POST', '/auth/sign-in', { token: r.deviceToken, body: { staffId: who.staffId, pin: '0000' } })).body.error.code);
    }
    expect(codes.slice(0, 9).every((c) => c === 'PIN_INCORRECT')).toBe(true);
    const rightPin = await t.api('POST', '/auth/sign-in', { token: r.deviceToken, body: { staffId: people[0]!.staffId, pin: '1111' } });
    expect(rightPin.status).toBe(429);
    expect(rightPin.body.error.details.scope).toBe('device');
    expect(Number(rightPin.headers.get('retry-after'))).toBeLessThanOrEqual(30);
  });

  it('a revoked device loses its token and every session on it', async () => {
    const waiter = await r.signInAs('waiter');
    const devices = await t.api('GET', '/devices', { token: r.ownerToken });
    const deviceId = devices.body[0].id;
    expect((await t.api('POST', `/devices/${deviceId}/revoke`, { token: r.ownerToken, body: { reason: 'stolen' } })).status).toBe(200);
    expect((await t.api('GET', '/auth/me', { token: waiter.token })).status).toBe(401);
    expect((await t.api('GET', '/auth/roster', { token: r.deviceToken })).status).toBe(401);
  });

  it('a manager cannot add an owner or touch another manager, and the denial is audited', async () => {
    const manager = await r.signInAs('manager');
    const other = await r.signInAs('manager');
    const owner = await t.api('POST', '/staff', { token: manager.token, body: { name: 'Sneaky', role: 'owner', pin: '1234' } });
    expect(owner.body.error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'staff.manage_managers' } });
    const demote = await t.api('PATCH', `/staff/${other.staffId}`, { token: manager.token, body: { active: false } });
    expect(demote.status).toBe(403);
    const waiter = await t.api('POST', '/staff', { token: manager.token, body: { name: 'Wes', role: 'waiter', pin: '1234' } });
    expect(waiter.status).toBe(201);
    const denials = new Database(t.dbFile, { readonly: true }).prepare("select staff_id from audit_log where action = 'auth.denied'").all();
    expect(denials).toEqual([{ staff_id: manager.staffId }, { staff_id: manager.staffId }]);
  });

  it('the last active owner cannot deactivate themselves', async () => {
    const res = await t.api('PATCH', `/staff/${r.ownerId}`, { token: r.ownerToken, body: { active: false } });
    expect(res.body.error.code).toBe('IN_USE');
  });
});
