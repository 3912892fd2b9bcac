/**
 * Kitchen display, the entry point: pairing once, the station picker, opening a station's board
 * (or expo), and the header buttons.
 */
import { $, ApiError, h, input } from '../shared/dom.js';
import { S, TOKEN_KEY, VIEW_KEY, api, hooks } from './state.js';
import { startLive, stopLive } from './live.js';
import { render, tick } from './render.js';
import { recallLast } from './actions.js';

type Screen = 'pair' | 'pick' | 'board';
function show(id: Screen): void {
  for (const s of ['pair', 'pick', 'board'] as const) $(s).hidden = s !== id;
}

function showPairing(message: string): void {
  stopLive();
  show('pair');
  $('pair-error').textContent = message; $('pair-error').hidden = !message;
  input('pair-code').focus();
}

hooks.unpaired = () => {
  localStorage.removeItem(TOKEN_KEY);
  S.token = '';
  showPairing('This screen is not paired any more (it was revoked or the box was reset). Type a new pairing code.');
};

interface Paired { token: string; kind: string }

$('pair-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const code = input('pair-code').value.trim();
  if (!code) { showPairing('Type the code a manager made for this screen.'); return; }
  const button = $<HTMLButtonElement>('pair-submit');
  button.disabled = true;
  fetch('/devices/pair', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })
    .then(async (res) => ({ ok: res.ok, json: (await res.json()) as Paired & { error?: { message?: string } } }))
    .then((r) => {
      if (!r.ok) { showPairing(r.json.error?.message ?? 'Pairing failed. Try again.'); return; }
      if (r.json.kind !== 'kitchen') {
        showPairing(`That code was made for a ${r.json.kind}, not a kitchen screen. Ask for a kitchen-screen code.`);
        return;
      }
      S.token = r.json.token; localStorage.setItem(TOKEN_KEY, S.token);
      input('pair-code').value = '';
      route();
    })
    .catch(() => showPairing('Could not reach the box. Check the network and try again.'))
    .finally(() => { button.disabled = false; });
});

/** Keeps the choice in the address (so a bookmark opens the right station) and in localStorage. */
function remember(station: string | null, expo: boolean): void {
  const p = new URLSearchParams(location.search);
  p.delete('station'); p.delete('view');
  if (expo) p.set('view', 'expo'); else if (station) p.set('station', station);
  const q = p.toString();
  history.replaceState(null, '', location.pathname + (q ? `?${q}` : ''));
  if (expo) localStorage.setItem(VIEW_KEY, 'expo');
  else if (station) localStorage.setItem(VIEW_KEY, `station:${station}`);
  else localStorage.removeItem(VIEW_KEY);
}

function route(): void {
  if (!S.token) { showPairing(''); return; }
  const p = new URLSearchParams(location.search);
  let station = p.get('station'), expo = p.get('view') === 'expo';
  if (!station && !expo) {
    const saved = localStorage.getItem(VIEW_KEY) ?? '';
    if (saved === 'expo') expo = true;
    else if (saved.startsWith('station:')) station = saved.slice(8);
  }
  if (expo) openBoard(null);
  else if (station) openBoard(station);
  else showPicker();
}

interface StationSummary { station: string; openTickets: number }

function showPicker(): void {
  stopLive();
  remember(null, false);
  show('pick');
  const list = $('stations'), err = $('pick-error');
  list.textContent = 'Loading stations…'; err.hidden = true;
  api<StationSummary[]>('GET', '/kitchen/stations').then((stations) => {
    list.textContent = '';
    for (const s of stations) {
      list.appendChild(h('button', { type: 'button', class: 'station-btn', 'data-station': s.station, onclick: () => openBoard(s.station) }, [
        h('span', { text: s.station }), h('span', { class: 'count', text: `${s.openTickets} open` })]));
    }
    list.appendChild(h('button', { type: 'button', class: 'station-btn expo', 'data-station': '', onclick: () => openBoard(null) }, [
      h('span', { text: 'Expo' }), h('span', { class: 'count', text: 'all stations' })]));
  }, (e: ApiError) => {
    list.textContent = '';
    err.textContent = `Could not load the stations: ${e.message}`; err.hidden = false;
    list.appendChild(h('button', { type: 'button', onclick: showPicker, text: 'Try again' }));
  });
}

function openBoard(station: string | null): void {
  stopLive();
  S.station = station; S.expo = station === null;
  remember(station, S.expo);
  S.tickets = {}; S.lastSeq = null; S.epoch = null; S.welcomeSeq = null;
  $('view-name').textContent = S.expo ? 'Expo — all stations' : (station ?? '');
  show('board');
  render();
  startLive();
}

$('change').addEventListener('click', showPicker);
$('recall').addEventListener('click', recallLast);
setInterval(tick, 1000);
route();
