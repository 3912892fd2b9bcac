import { DOM_HELPERS } from '../script-dom.js';
import { APP_CORE } from './app-script-core.js';
import { APP_AUTH } from './app-script-auth.js';
import { APP_FLOOR } from './app-script-floor.js';
import { APP_ORDER } from './app-script-order.js';
import { APP_TICKET } from './app-script-ticket.js';
import { APP_BILL } from './app-script-bill.js';

/** The waiter app's script: the parts share one function scope, then the app routes itself. */
export const APP_SCRIPT = `
(function () {
'use strict';
${DOM_HELPERS}
${APP_CORE}
${APP_AUTH}
${APP_FLOOR}
${APP_ORDER}
${APP_TICKET}
${APP_BILL}
route();
})();
`;
