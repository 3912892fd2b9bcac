/**
 * The waiter app's entry point. Each module wires its own part of the page as it loads; then the
 * app routes itself: pairing, PIN sign-in, or the floor.
 */
import './screens.js';
import './outbox.js';
import './floor.js';
import './live.js';
import './order.js';
import './ticket.js';
import './bill.js';
import './move.js';
import './pairing.js';
import './day.js';
import './menu86.js';
import './staff.js';
import './stock.js';
import './menu-edit.js';
import './floor-edit.js';
import './printers.js';
import './sync-status.js';
import './door.js';
import { route } from './auth.js';

route();
