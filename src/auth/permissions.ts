/**
 * The one permission table (DESIGN §9). Every route names exactly one permission; this table says
 * which roles hold it. `device` is a paired tablet with nobody signed in; a paired kitchen screen
 * acts as `kitchen` without a PIN so it can stay on all service.
 */
export const ROLES = ['owner', 'manager', 'waiter', 'host', 'kitchen'] as const;
export type Role = (typeof ROLES)[number];
export type Principal = Role | 'device' | 'system';

const ALL_STAFF: readonly Role[] = ROLES;
const MANAGERS: readonly Role[] = ['owner', 'manager'];
const FLOOR: readonly Role[] = ['owner', 'manager', 'waiter'];

export const PERMISSIONS = {
  /** Anyone, even unauthenticated: health, docs, set-up status, pairing a device. */
  public: 'public',
  /** A paired device with nobody signed in: list staff names to sign in, sign in. */
  'device.sign_in': ['device', ...ALL_STAFF],
  'session.self': ALL_STAFF,
  'staff.read': MANAGERS,
  'staff.manage': MANAGERS,
  'devices.manage': MANAGERS,
  'settings.read': ALL_STAFF,
  'settings.write': ['owner'],
  'audit.read': MANAGERS,
  'menu.read': ALL_STAFF,
  'menu.write': MANAGERS,
  'tables.read': ALL_STAFF,
  /** Seat guests, reserve, mark a table available/inactive. */
  'tables.status': ['owner', 'manager', 'host'],
  'tables.layout': MANAGERS,
  'orders.read': ['owner', 'manager', 'waiter', 'host'],
  'orders.write': FLOOR,
  /** Kitchen marks lines ready; floor staff too (a waiter running food at a small place). */
  'orders.bump': ['owner', 'manager', 'waiter', 'kitchen'],
  /** Void a fired line, discount over the limit: also reachable by a waiter with a manager's `approval`. */
  'orders.manager': MANAGERS,
  'payments.read': FLOOR,
  'payments.take': FLOOR,
  'payments.refund': MANAGERS,
} as const satisfies Record<string, readonly Principal[] | 'public'>;

export type Permission = keyof typeof PERMISSIONS;

export function isAllowed(permission: Permission, principal: Principal | null): boolean {
  const holders = PERMISSIONS[permission];
  if (holders === 'public') return true;
  if (principal === null) return false;
  if (principal === 'system') return true;
  return (holders as readonly Principal[]).includes(principal);
}
