/**
 * Waiter app: pairing the tablet once, PIN sign-in, sign-out and start-up (settings, the menu with
 * its ETag, the floor, the live socket, the outbox).
 */
import { $, clear, h, input, stored, type ApiError } from '../shared/dom.js';
import type { MenuTreeView } from '../../../menu/schemas.js';
import type { RestaurantView } from '../../../setup/schemas.js';
import { DEV_KEY, ME_KEY, MENU_KEY, SES_KEY, S, type Staff } from './state.js';
import { api } from './api.js';
import { show } from './screens.js';
import { drain, loadOutbox } from './outbox.js';
import { showFloor } from './floor.js';
import { startLive, stopLive } from './live.js';
import { renderMenu } from './order.js';
import { renderTicket } from './ticket.js';
import { renderMenuAdmin } from './menu86.js';
import { offerSecureAddress } from './secure.js';

function showPairing(message: string): void {
  show('pair');
  offerSecureAddress();
  $('pair-error').textContent = message; $('pair-error').hidden = !message;
  input('pair-code').focus();
}

$('pair-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const code = input('pair-code').value.trim();
  if (!code) { showPairing('Type the code a manager made for this tablet.'); return; }
  const button = $<HTMLButtonElement>('pair-submit');
  button.disabled = true;
  fetch('/devices/pair', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })
    .then(async (res) => ({ ok: res.ok, json: (await res.json()) as { token: string; kind: string; error?: { message?: string } } }))
    .then((r) => {
      if (!r.ok) { showPairing(r.json.error?.message ?? 'Pairing failed. Try again.'); return; }
      if (r.json.kind === 'kitchen') { showPairing('That code was made for a kitchen screen. Ask for a tablet code.'); return; }
      S.device = r.json.token; localStorage.setItem(DEV_KEY, S.device);
      input('pair-code').value = '';
      route();
    })
    .catch(() => showPairing('Could not reach the box. Check the Wi-Fi and try again.'))
    .finally(() => { button.disabled = false; });
});

let pin = '';
let pinStaff: Staff | null = null;

function showSignIn(message = ''): void {
  stopLive();
  show('signin');
  $('pin-box').hidden = true; pin = ''; pinStaff = null;
  const err = $('signin-error');
  err.textContent = message; err.hidden = !message;
  const list = clear($('roster'));
  list.textContent = 'Loading…';
  api<Staff[]>('GET', '/auth/roster', undefined, { device: true }).then((r) => {
    clear(list);
    for (const st of r.body) {
      list.appendChild(h('button', { type: 'button', 'data-staff': st.id, onclick: () => askPin(st) }, [st.name, h('small', { text: st.role })]));
    }
  }, (e: ApiError) => {
    if (e.code === 'UNAUTHENTICATED') {
      localStorage.removeItem(DEV_KEY); S.device = '';
      showPairing('This tablet is not paired any more. Type a new pairing code.');
      return;
    }
    list.textContent = '';
    err.textContent = `Could not load the staff list: ${e.message}`; err.hidden = false;
    list.appendChild(h('button', { type: 'button', onclick: () => showSignIn(), text: 'Try again' }));
  });
}

function askPin(st: Staff): void {
  pinStaff = st; pin = '';
  for (const b of Array.from($('roster').children)) b.className = b.getAttribute('data-staff') === st.id ? 'on' : '';
  $('pin-box').hidden = false; $('pin-name').textContent = `${st.name} — type your PIN`;
  renderPin();
}

function renderPin(): void { $('pin-dots').textContent = pin.replace(/./g, '\u25CF') || '\u00A0'; }

for (const k of ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'C', '0', 'OK']) {
  $('pinpad').appendChild(h('button', { type: 'button', 'data-key': k, class: k === 'OK' ? 'primary' : null, text: k, onclick: () => pinKey(k) }));
}

function pinKey(k: string): void {
  if (k === 'C') pin = '';
  else if (k === 'OK') { submitPin(); return; }
  else if (pin.length < 6) pin += k;
  renderPin();
}

function submitPin(): void {
  if (!pinStaff || pin.length < 4) return;
  const body = { staffId: pinStaff.id, pin };
  pin = ''; renderPin();
  api<{ token: string; staff: Staff }>('POST', '/auth/sign-in', body, { device: true }).then((r) => {
    S.session = r.body.token; localStorage.setItem(SES_KEY, S.session);
    S.me = r.body.staff; localStorage.setItem(ME_KEY, JSON.stringify(S.me));
    start();
  }, (e: ApiError) => {
    const err = $('signin-error');
    err.textContent = e.message; err.hidden = false;
  });
}

/** The box says the session is over: back to the PIN screen, keeping everything typed. */
export function signedOut(): void {
  S.session = ''; S.me = null; localStorage.removeItem(SES_KEY); localStorage.removeItem(ME_KEY);
  showSignIn('Your session ended. Sign in again — nothing entered on this tablet was lost.');
}

$('signout').addEventListener('click', () => {
  const token = S.session;
  S.session = ''; S.me = null; localStorage.removeItem(SES_KEY); localStorage.removeItem(ME_KEY);
  fetch('/auth/sign-out', { method: 'POST', headers: { authorization: `Bearer ${token}` } }).catch(() => { /* offline: it expires */ });
  showSignIn();
});

/** Loads the menu, sending the ETag it holds: a 304 keeps the copy from localStorage. */
export function loadMenu(): Promise<void> {
  const saved = stored<{ etag: string | null; tree: MenuTreeView } | null>(MENU_KEY, null);
  if (saved && !S.menu) S.menu = saved.tree;
  const headers: Record<string, string> = saved?.etag ? { 'if-none-match': saved.etag } : {};
  return api<MenuTreeView>('GET', '/menu', undefined, { headers }).then((r) => {
    if (r.status === 304 || !r.body) return;
    S.menu = r.body;
    try { localStorage.setItem(MENU_KEY, JSON.stringify({ etag: r.etag, tree: r.body })); } catch { /* full: the service worker has a copy */ }
  }, () => { /* offline: the saved copy (or the service worker's) is used */ })
    .then(() => { if (S.screen === 'order') { renderMenu(); renderTicket(); } if (S.screen === 'menuadmin') renderMenuAdmin(); });
}

function start(): void {
  S.me ??= stored<Staff | null>(ME_KEY, null);
  const who = (): void => { $('who').textContent = S.me ? S.me.name : ''; };
  who();
  // Signed in elsewhere (the set-up page): ask who this is, and take the name from the roster.
  if (!S.me) {
    api<{ staffId: string; role: string }>('GET', '/auth/me').then(async (r) => {
      const me: Staff = { id: r.body.staffId, name: r.body.role, role: r.body.role };
      const ro = await api<Staff[]>('GET', '/auth/roster', undefined, { device: true });
      for (const st of ro.body) if (st.id === me.id) me.name = st.name;
      S.me = me; localStorage.setItem(ME_KEY, JSON.stringify(me)); who();
    }).catch(() => { /* offline: the name comes later */ });
  }
  showFloor();
  api<RestaurantView>('GET', '/settings').then((r) => { S.settings = r.body; }, () => {});
  void loadMenu();
  void loadOutbox().then(drain);
  startLive();
}

export function route(): void {
  if (!S.device) { showPairing(''); return; }
  if (!S.session) { showSignIn(); return; }
  start();
}

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/app/sw.js', { scope: '/app/' }).catch(() => { /* plain http on a LAN address: no offline shell */ });
}
window.addEventListener('online', () => void drain());
