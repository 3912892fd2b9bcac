/**
 * Which topics a domain event goes to, and who may listen to which topic. Pure functions: the hub
 * calls them, tests read them as the rule book.
 */
import type { DomainEvent } from '../events/bus.js';
import type { Principal } from '../auth/permissions.js';

/**
 * The topics of one event; empty means screens do not need it (it gets no seq and is not buffered).
 *   ticket.* → kitchen:<data.station> and kitchen (expo sees every station)
 *   order.*, payment.*, guest.* (QR requests) → orders · delivery.* → orders and kitchen · table.*, area.* → tables · menu.* → menu · stock.* → stock · *.alert → alerts
 *   reservation.*, waitlist.* and the door's four (reservation_confirmed, table_ready, estimated_wait_time,
 *   customer_checked_in) → reservations
 */
const DOOR_EVENTS = new Set(['reservation_confirmed', 'table_ready', 'estimated_wait_time', 'customer_checked_in']);

export function topicsForEvent(event: DomainEvent): string[] {
  const { type } = event;
  // Printer alerts also go to their own topic, which kitchen screens may hear (a printer out of paper is their problem too).
  if (type === 'printer.alert') return ['alerts', 'alerts:printers'];
  if (type.endsWith('.alert')) return ['alerts'];
  // The door's events (issue 20; the four the seed names have no dot) go to the host's topic.
  if (DOOR_EVENTS.has(type)) return ['reservations'];
  const family = type.slice(0, type.indexOf('.'));
  switch (family) {
    case 'ticket': {
      const station = (event.data as { station?: unknown } | null)?.station;
      return typeof station === 'string' && station ? [`kitchen:${station}`, 'kitchen'] : ['kitchen'];
    }
    case 'order':
    case 'payment':
    case 'guest':
      return ['orders'];
    // A platform order waiting for acceptance is for the floor and the pass alike (issue 21).
    case 'delivery':
      return ['orders', 'kitchen'];
    case 'table':
    case 'area':
      return ['tables'];
    case 'menu':
      return ['menu'];
    case 'stock':
      return ['stock'];
    case 'reservation':
    case 'waitlist':
      return ['reservations'];
    default:
      return [];
  }
}

/**
 * Who may subscribe to what (issue 3 contract): the kitchen sees its tickets and the menu (to 86
 * items); the floor sees everything; a host sees tables, orders, the menu and the door (reservations); a tablet with nobody
 * signed in sees only the menu.
 */
export function mayListen(principal: Principal, topic: string): boolean {
  // Stock levels, costs and alerts are for managers (issue 5).
  if (topic === 'stock') return principal === 'owner' || principal === 'manager' || principal === 'system';
  const kitchen = topic === 'kitchen' || topic.startsWith('kitchen:');
  switch (principal) {
    case 'owner':
    case 'manager':
    case 'waiter':
    case 'system':
      return true;
    case 'kitchen':
    case 'kitchen_screen':
      return kitchen || topic === 'menu' || topic === 'alerts:printers';
    case 'host':
      return topic === 'tables' || topic === 'orders' || topic === 'menu' || topic === 'reservations';
    case 'device':
      return topic === 'menu';
    default:
      return false;
  }
}
