/**
 * The one permission table (architecture §9). Every route names exactly one permission; this table says
 * which principals hold it. Besides the staff roles: `device` is a paired tablet with nobody signed
 * in; `kitchen_screen` is a paired kitchen display, which works all service without anyone's PIN
 * and so gets only what a screen at the pass needs.
 * Some actions also need a manager's approval inside the service (void after fire, discount over
 * the limit, refund, cancel with fired lines): a waiter may ask, with a manager's PIN as `approval`.
 */
export const ROLES = ['owner', 'manager', 'waiter', 'host', 'kitchen'] as const;
export type Role = (typeof ROLES)[number];
export type Principal = Role | 'device' | 'kitchen_screen' | 'system';

const ALL_STAFF: readonly Role[] = ROLES;
const MANAGERS: readonly Role[] = ['owner', 'manager'];
const FLOOR: readonly Role[] = ['owner', 'manager', 'waiter'];

export const PERMISSIONS = {
  /** Anyone, even unauthenticated: health, docs, set-up status, pairing a device. */
  public: 'public',
  /** A paired device with nobody signed in: list staff names to sign in, sign in. */
  'device.sign_in': ['device', 'kitchen_screen', ...ALL_STAFF],
  'session.self': ALL_STAFF,
  'staff.read': MANAGERS,
  'staff.manage': MANAGERS,
  /** Adding, changing or promoting to owner or manager (checked on the staff routes as well as staff.manage). */
  'staff.manage_managers': ['owner'],
  'devices.manage': MANAGERS,
  'settings.read': [...ALL_STAFF, 'kitchen_screen'],
  'settings.write': ['owner'],
  'audit.read': MANAGERS,
  'menu.read': [...ALL_STAFF, 'kitchen_screen'],
  'menu.write': MANAGERS,
  /** 86 an item or option (and bring it back): whoever sees it run out, floor or kitchen. */
  'menu.availability': ['owner', 'manager', 'waiter', 'kitchen', 'kitchen_screen'],
  'tables.read': [...ALL_STAFF, 'kitchen_screen'],
  /** Seat guests, reserve, mark a table available/inactive. */
  'tables.status': ['owner', 'manager', 'host'],
  'tables.layout': MANAGERS,
  'orders.read': ['owner', 'manager', 'waiter', 'host'],
  'orders.write': FLOOR,
  /** Kitchen marks lines ready; floor staff too (a waiter running food at a small place). */
  'orders.bump': ['owner', 'manager', 'waiter', 'kitchen', 'kitchen_screen'],
  /** Kitchen tickets, stations and all-day counts: the pass, the kitchen screens and the floor. */
  'kitchen.read': ['owner', 'manager', 'waiter', 'kitchen', 'kitchen_screen'],
  'payments.read': FLOOR,
  /** Take payments; refunds also go through here and then need a manager's approval. */
  'payments.take': FLOOR,
  /** Stock levels, recipes, alerts and reports: managers, and the kitchen that cooks from them. */
  'stock.read': ['owner', 'manager', 'kitchen'],
  /** Ingredients, recipes, transfers and adjustments: managers only. */
  'stock.write': MANAGERS,
  /** Receive deliveries, record waste, count shelves: the kitchen does these with its own sign-in (so the ledger names who). */
  'stock.record': ['owner', 'manager', 'kitchen'],
  /** Printers, routes and print jobs with their state; kitchen screens show printer problems. */
  'printers.read': ['owner', 'manager', 'waiter', 'kitchen', 'kitchen_screen'],
  /** Add and change printers and routes, test-print, discover. */
  'printers.manage': MANAGERS,
  /** Print a job again (labelled REPRINT): the pass lost a ticket. */
  'print.reprint': ['owner', 'manager', 'waiter', 'kitchen', 'kitchen_screen'],
  /** Print a guest check or a receipt for an order. */
  'print.receipt': FLOOR,
  /** X report, Z reports and their list (issue 7): the day's money is for managers. */
  'reports.read': MANAGERS,
  /** Take the Z: close the business day (figures frozen and numbered). */
  'reports.close': MANAGERS,
  /** Print an X, or a Z again (labelled REPRINT), on the receipt printer. */
  'reports.print': MANAGERS,
  /** Find a customer and see their history, allergies and why they are blocked (issue 18). */
  'customers.read': ['owner', 'manager', 'waiter', 'host'],
  /** Create and change customers, attach them to orders. */
  'customers.write': ['owner', 'manager', 'waiter', 'host'],
  /** The door (issue 20): bookings, availability, the waitlist and the host's screen. */
  'reservations.read': ['owner', 'manager', 'waiter', 'host'],
  /** Book, change, check in, seat, no-show; add to and seat from the waitlist: the host, and whoever answers the phone. */
  'reservations.write': ['owner', 'manager', 'waiter', 'host'],
  /** Opening hours, durations, pacing, joinable tables, closed days and private events. */
  'reservations.settings': MANAGERS,
  /** Add or take a customer's loyalty points by hand, with a reason (issue 18): managers only. */
  'loyalty.adjust': MANAGERS,
  /** Orders from delivery platforms (issue 21): the floor and the pass see them. */
  'delivery.read': ['owner', 'manager', 'waiter', 'host', 'kitchen', 'kitchen_screen'],
  /** Accept or refuse a platform order, mark it ready or picked up: whoever runs the pass. */
  'delivery.manage': ['owner', 'manager', 'waiter', 'kitchen', 'kitchen_screen'],
  /** Pause platform orders (each is refused at once) and change the prep time quoted. */
  'kitchen.pause': ['owner', 'manager', 'kitchen', 'kitchen_screen'],
  /** A table's QR code: read it, print it and its area's sheet, rotate it (the old code stops working). */
  'tables.qr': MANAGERS,
  /** QR ordering's settings (issue 19): on/off per area and hours, limits, straight to the kitchen, alert delay. */
  'guests.settings': MANAGERS,
  /** Cloud sync status: is the cloud up to date (issue 6). */
  'sync.read': MANAGERS,
} as const satisfies Record<string, readonly Principal[] | 'public'>;

export type Permission = keyof typeof PERMISSIONS;

export function isAllowed(permission: Permission, principal: Principal | null): boolean {
  const holders = PERMISSIONS[permission];
  if (holders === 'public') return true;
  if (principal === null) return false;
  if (principal === 'system') return true;
  return (holders as readonly Principal[]).includes(principal);
}
