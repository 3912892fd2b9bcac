import { and, eq, isNull, gt } from 'drizzle-orm';
import { devices, pairingCodes, pinFailures, sessions, staff } from '../db/schema.js';
import { runCommand, type Actor, type CommandDeps } from '../db/command.js';
import { AppError, notFound } from '../errors.js';
import { hashPin, hashToken, newPairingCode, newToken, verifyPin } from './secrets.js';
import type { Role } from './permissions.js';

/** Wrong PINs for one person (on any device) before that person is locked out for PIN_LOCK_MS. */
export const MAX_PIN_FAILURES = 5;
export const PIN_LOCK_MS = 5 * 60_000;
/**
 * Wrong PINs on one device, whoever they were typed for, before the device pauses for
 * DEVICE_SLOW_MS: someone trying everyone's PIN in turn is slowed, but one person's five mistakes
 * never lock the tablet for the whole floor.
 */
export const DEVICE_SLOW_AFTER = 10;
export const DEVICE_SLOW_MS = 30_000;

/** pin_failures rows are keyed by device id, or by `staff:<id>` for a person (one counter per subject, no schema change). */
const personKey = (staffId: string): string => `staff:${staffId}`;


export interface AuthSettings {
  sessionHours: number;
  pairingCodeMinutes: number;
}

export interface ManagerApproval {
  staffId: string;
  pin: string;
}

export type DeviceKind = 'tablet' | 'kitchen' | 'terminal';

/** Devices, PIN sign-in with lockout, sessions and manager approvals (architecture §9). */
export class AuthService {
  constructor(private readonly deps: CommandDeps, private readonly settings: AuthSettings) {}

  /** Resolves a bearer token to who is acting, or null when it is unknown, expired or revoked. */
  authenticate(token: string): Actor | null {
    const client = this.deps.db.$client;
    const now = this.deps.clock.now();
    // Runs on every request: plain prepared statements (cached by the connection), no query building.
    if (token.startsWith('bss_')) {
      const row = client.prepare(
        `select s.staff_id as staffId, s.device_id as deviceId, st.role as role, st.active as active, d.revoked_at as revokedAt
         from sessions s join staff st on st.id = s.staff_id join devices d on d.id = s.device_id
         where s.token_hash = ? and s.ended_at is null and s.expires_at > ?`,
      ).get(hashToken(token), now) as { staffId: string; deviceId: string; role: Role; active: number; revokedAt: number | null } | undefined;
      if (!row || !row.active || row.revokedAt !== null) return null;
      return { staffId: row.staffId, role: row.role, deviceId: row.deviceId };
    }
    if (token.startsWith('bdv_')) {
      const device = client.prepare('select id, kind, revoked_at as revokedAt from devices where token_hash = ?')
        .get(hashToken(token)) as { id: string; kind: DeviceKind; revokedAt: number | null } | undefined;
      if (!device || device.revokedAt !== null) return null;
      return { staffId: null, role: device.kind === 'kitchen' ? 'kitchen_screen' : 'device', deviceId: device.id };
    }
    return null;
  }

  /** Staff names and roles for a paired device's sign-in screen (no PINs, nothing secret). */
  roster(): Array<{ id: string; name: string; role: Role }> {
    return this.deps.db.select({ id: staff.id, name: staff.name, role: staff.role }).from(staff)
      .where(eq(staff.active, true)).orderBy(staff.name).all();
  }

  /**
   * Signs a staff member in on a paired device. Five wrong PINs lock that person for five minutes
   * (everyone else can still sign in on the device); ten on one device pause it for 30 seconds.
   */
  async signIn(deviceId: string, staffId: string, pin: string): Promise<{ token: string; expiresAt: number; staff: { id: string; name: string; role: Role } }> {
    const member = await this.checkPin(deviceId, staffId, pin);
    const token = newToken('bss');
    const expiresAt = this.deps.clock.now() + this.settings.sessionHours * 3_600_000;
    await runCommand(this.deps, { staffId: member.id, role: member.role, deviceId }, (ctx) => {
      ctx.tx.insert(sessions).values({ tokenHash: hashToken(token), staffId: member.id, deviceId, createdAt: ctx.now, expiresAt }).run();
      ctx.tx.update(devices).set({ lastSeenAt: ctx.now }).where(eq(devices.id, deviceId)).run();
    });
    return { token, expiresAt, staff: { id: member.id, name: member.name, role: member.role } };
  }

  async signOut(token: string): Promise<void> {
    await runCommand(this.deps, { staffId: null, role: 'system', deviceId: null }, (ctx) => {
      ctx.tx.update(sessions).set({ endedAt: ctx.now }).where(eq(sessions.tokenHash, hashToken(token))).run();
    });
  }

  async changePin(actor: Actor, currentPin: string, newPin: string): Promise<void> {
    if (!actor.staffId || !actor.deviceId) throw new AppError('UNAUTHENTICATED', 'Sign in to change your PIN.');
    await this.checkPin(actor.deviceId, actor.staffId, currentPin);
    const pinHash = hashPin(newPin);
    await runCommand(this.deps, actor, (ctx) => {
      const current = ctx.tx.select().from(staff).where(eq(staff.id, actor.staffId!)).get()!;
      ctx.tx.update(staff).set({ pinHash, version: current.version + 1, updatedAt: ctx.now }).where(eq(staff.id, current.id)).run();
      ctx.audit({ action: 'staff.pin_changed', entity: 'staff', entityId: current.id });
    });
  }

  /**
   * Checks a manager's PIN typed on someone else's device (void after fire, big discount, refund).
   * Counts toward the same lockouts as sign-in. Returns the approving manager's id.
   */
  async approveAsManager(deviceId: string | null, approval: ManagerApproval): Promise<string> {
    if (!deviceId) throw new AppError('MANAGER_APPROVAL_REQUIRED', 'Manager approval must come from a paired device.');
    const member = await this.checkPin(deviceId, approval.staffId, approval.pin);
    if (member.role !== 'owner' && member.role !== 'manager') {
      throw new AppError('MANAGER_APPROVAL_REQUIRED', `${member.name} is not a manager; a manager or owner must approve.`);
    }
    return member.id;
  }

  private async checkPin(deviceId: string, staffId: string, pin: string) {
    const db = this.deps.db;
    const now = this.deps.clock.now();
    const failuresOf = (key: string) => db.select().from(pinFailures).where(eq(pinFailures.deviceId, key)).get();
    const deviceLock = failuresOf(deviceId), personLock = failuresOf(personKey(staffId));
    const member = db.select().from(staff).where(eq(staff.id, staffId)).get();
    if (deviceLock?.lockedUntil && deviceLock.lockedUntil > now) throw lockedError(deviceLock.lockedUntil - now, null);
    if (personLock?.lockedUntil && personLock.lockedUntil > now) throw lockedError(personLock.lockedUntil - now, member?.name ?? 'this person');
    const ok = member !== undefined && member.active && (await verifyPin(pin, member.pinHash));
    if (ok) {
      const dirty = [deviceLock, personLock].filter((row) => row && row.failures > 0).map((row) => row!.deviceId);
      if (dirty.length) {
        await runCommand(this.deps, { staffId: member.id, role: member.role, deviceId }, (ctx) => {
          for (const key of dirty) ctx.tx.update(pinFailures).set({ failures: 0, lockedUntil: null }).where(eq(pinFailures.deviceId, key)).run();
        });
      }
      return member;
    }
    const locks = await this.recordPinFailure(deviceId, staffId);
    if (locks.person !== null) throw lockedError(locks.person - now, member?.name ?? 'this person');
    if (locks.device !== null) throw lockedError(locks.device - now, null);
    throw new AppError('PIN_INCORRECT', 'That PIN does not match. Check the name you picked and try again.');
  }

  /**
   * Counts a wrong PIN against the person and the device, in its own committed transaction;
   * returns when each lock ends, once its limit is hit.
   */
  private recordPinFailure(deviceId: string, staffId: string): Promise<{ person: number | null; device: number | null }> {
    return runCommand(this.deps, { staffId: null, role: 'system', deviceId }, (ctx) => {
      const count = (key: string, limit: number, lockMs: number): number | null => {
        const row = ctx.tx.select().from(pinFailures).where(eq(pinFailures.deviceId, key)).get();
        const failures = (row && (row.lockedUntil === null || row.lockedUntil <= ctx.now) ? row.failures : 0) + 1;
        const lockedUntil = failures >= limit ? ctx.now + lockMs : null;
        ctx.tx.insert(pinFailures).values({ deviceId: key, failures: lockedUntil ? 0 : failures, lockedUntil })
          .onConflictDoUpdate({ target: pinFailures.deviceId, set: { failures: lockedUntil ? 0 : failures, lockedUntil } }).run();
        return lockedUntil;
      };
      const person = count(personKey(staffId), MAX_PIN_FAILURES, PIN_LOCK_MS);
      const device = count(deviceId, DEVICE_SLOW_AFTER, DEVICE_SLOW_MS);
      if (person) ctx.audit({ action: 'auth.staff_locked', entity: 'staff', entityId: staffId, details: { deviceId, failures: MAX_PIN_FAILURES } });
      if (device) ctx.audit({ action: 'auth.device_locked', entity: 'device', entityId: deviceId, details: { lastStaffId: staffId, failures: DEVICE_SLOW_AFTER } });
      return { person, device };
    });
  }

  /** A manager asks for a short-lived code to type on the new tablet or kitchen screen. */
  async createPairingCode(actor: Actor, name: string, kind: DeviceKind): Promise<{ code: string; expiresAt: number }> {
    const code = newPairingCode();
    const expiresAt = this.deps.clock.now() + this.settings.pairingCodeMinutes * 60_000;
    await runCommand(this.deps, actor, (ctx) => {
      ctx.tx.insert(pairingCodes).values({ codeHash: hashToken(code), name, kind, createdBy: actor.staffId!, createdAt: ctx.now, expiresAt }).run();
      ctx.audit({ action: 'device.pairing_code_created', details: { name, kind } });
    });
    return { code, expiresAt };
  }

  /** Exchanges a pairing code for a device token, once. */
  pair(code: string): Promise<{ deviceId: string; token: string; name: string; kind: DeviceKind }> {
    const token = newToken('bdv');
    return runCommand(this.deps, { staffId: null, role: 'system', deviceId: null }, (ctx) => {
      const row = ctx.tx.select().from(pairingCodes).where(eq(pairingCodes.codeHash, hashToken(code.trim().toUpperCase()))).get();
      if (!row || row.usedAt !== null || row.expiresAt <= ctx.now) {
        throw new AppError('PAIRING_CODE_INVALID', 'That pairing code is unknown, already used or expired. Ask a manager for a new one.');
      }
      const deviceId = ctx.newId();
      ctx.tx.insert(devices).values({ id: deviceId, name: row.name, kind: row.kind, tokenHash: hashToken(token), pairedBy: row.createdBy, createdAt: ctx.now }).run();
      ctx.tx.update(pairingCodes).set({ usedAt: ctx.now, deviceId }).where(eq(pairingCodes.codeHash, row.codeHash)).run();
      ctx.audit({ action: 'device.paired', entity: 'device', entityId: deviceId, details: { name: row.name, kind: row.kind, pairedBy: row.createdBy } });
      return { deviceId, token, name: row.name, kind: row.kind };
    });
  }

  /** Registers a device directly (set-up pairs the browser it runs in; the CLI pairs nothing). */
  registerDevice(actor: Actor, name: string, kind: DeviceKind): Promise<{ deviceId: string; token: string }> {
    const token = newToken('bdv');
    return runCommand(this.deps, actor, (ctx) => {
      const deviceId = ctx.newId();
      ctx.tx.insert(devices).values({ id: deviceId, name, kind, tokenHash: hashToken(token), pairedBy: actor.staffId, createdAt: ctx.now }).run();
      return { deviceId, token };
    });
  }

  listDevices() {
    return this.deps.db.select({ id: devices.id, name: devices.name, kind: devices.kind, createdAt: devices.createdAt, lastSeenAt: devices.lastSeenAt, revokedAt: devices.revokedAt })
      .from(devices).orderBy(devices.createdAt).all();
  }

  /** Revokes a device: its token and every session on it stop working at once. */
  async revokeDevice(actor: Actor, deviceId: string, reason: string | null): Promise<void> {
    await runCommand(this.deps, actor, (ctx) => {
      const device = ctx.tx.select().from(devices).where(eq(devices.id, deviceId)).get();
      if (!device) throw notFound('device', deviceId);
      if (device.revokedAt !== null) return;
      ctx.tx.update(devices).set({ revokedAt: ctx.now, revokedBy: actor.staffId }).where(eq(devices.id, deviceId)).run();
      ctx.tx.update(sessions).set({ endedAt: ctx.now }).where(and(eq(sessions.deviceId, deviceId), isNull(sessions.endedAt))).run();
      ctx.audit({ action: 'device.revoked', entity: 'device', entityId: deviceId, reason });
    });
  }
}

/** PIN_LOCKED for a person (`who`: their name) or, when `who` is null, for the whole device. */
function lockedError(remainingMs: number, who: string | null): AppError {
  const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
  const wait = seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  const message = who === null
    ? `Too many wrong PINs on this device. Try again in ${wait}.`
    : `Too many wrong PINs for ${who}. ${who} can try again in ${wait}; everyone else can sign in now.`;
  return new AppError('PIN_LOCKED', message, { retryAfterSeconds: seconds, scope: who === null ? 'device' : 'staff' }, { 'Retry-After': String(seconds) });
}
