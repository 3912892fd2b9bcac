/**
 * Waiter app over plain HTTP (issue 22): a tablet that trusts the box's certificate moves to the
 * box's HTTPS address before it pairs, where the service worker keeps the app for offline reloads;
 * one that does not is told how to install the certificate. A tablet already paired over HTTP
 * stays there (its device token and unsent orders belong to the HTTP address).
 */
import { $ } from '../shared/dom.js';
import { boxPorts, secureUrl, trustsBox } from '../shared/secure-origin.js';

let asked = false;

/** Called when the pairing screen shows. */
export function offerSecureAddress(): void {
  if (location.protocol !== 'http:' || asked) return;
  asked = true;
  // localhost is a secure address already (the box's own screen): only say where HTTPS is.
  void boxPorts().then(async (ports) => {
    if (!ports?.httpsPort) return;
    if (await trustsBox(ports.httpsPort)) { location.replace(secureUrl(ports.httpsPort, '/app/')); return; }
    if (!window.isSecureContext) $('pair-secure').hidden = false;
  });
}

/** Where a new device starts: the HTTP address (a new tablet does not trust the box yet), from there it moves itself. */
export async function startAddress(path: string): Promise<string> {
  if (location.protocol === 'http:') return `${location.host}${path}`;
  const ports = await boxPorts();
  return ports ? `http://${location.hostname}:${ports.httpPort}${path}` : `${location.host}${path}`;
}
