/**
 * Waiter app, back office: the cloud sync. One sentence says whether the cloud is reachable and how
 * far behind it is (sync-words.ts), then the figures behind it both ways: what waits to be sent and
 * since when, the last success and error, the cloud → box channel's cursor, lag and refusals, and
 * whether the cloud takes the times sent for online booking (GET /sync/status). Read again every
 * few seconds while the screen is open.
 */
import { $, h, type ApiError } from '../shared/dom.js';
import { S } from './state.js';
import { api } from './api.js';
import { show } from './screens.js';
import { when } from './office.js';
import { redraw } from './redraw.js';
import { downSummary, duration, onlineBookingSummary, summary, type SyncStatus } from './sync-words.js';

const REFRESH_MS = 3000;
let timer: ReturnType<typeof setInterval> | undefined;

$('open-sync').addEventListener('click', () => showSync());

export function showSync(): void {
  show('sync', 'Cloud sync');
  void loadSync();
  clearInterval(timer);
  timer = setInterval(() => { if (S.screen === 'sync') void loadSync(); else clearInterval(timer); }, REFRESH_MS);
}

async function loadSync(): Promise<void> {
  const line = $('sync-summary');
  try {
    const s = (await api<SyncStatus>('GET', '/sync/status')).body;
    if (S.screen !== 'sync') return;
    const { text, tone } = summary(s);
    line.className = `sync-summary ${tone}`; line.textContent = text;
    redraw($('sync-figures'), { ...s, down: null }, () => figures(s));
    $('sync-down').textContent = downSummary(s.down);
    redraw($('sync-down-figures'), s.down, () => downFigures(s.down));
    const booking = onlineBookingSummary(s, Date.now());
    $('sync-booking-section').hidden = booking === null;
    if (booking) { const el = $('sync-booking'); el.className = `sync-summary minor ${booking.tone}`; el.textContent = booking.text; }
    $('sync-checked').textContent = `Checked at ${when(Date.now())}; this screen reads the box every few seconds.`;
  } catch (e) {
    if (S.screen !== 'sync') return;
    line.className = 'sync-summary bad';
    line.textContent = (e as ApiError).code === 'OFFLINE' ? 'The box cannot be reached, so neither can its sync state.' : (e as ApiError).message;
  }
}

function fig(label: string, value: string, id: string, wide = false): HTMLElement {
  return h('div', { class: `fig${wide ? ' wide' : ''}`, 'data-fig': id }, [h('span', { text: label }), h('strong', { text: value })]);
}

/** Box → cloud: what waits, since when, the last success and error. */
function figures(s: SyncStatus): HTMLElement[] {
  if (!s.configured) return [];
  return [
    fig('Waiting to send', String(s.queueDepth), 'queue'),
    fig('Oldest unsent', s.oldestUnsentAgeSeconds === null ? 'none' : duration(s.oldestUnsentAgeSeconds), 'oldest'),
    fig('Last sent', s.lastSuccessAt ? when(s.lastSuccessAt) : 'never', 'last-success'),
    fig('Last error', s.lastError ? `${s.lastErrorAt ? `${when(s.lastErrorAt)}: ` : ''}${s.lastError}` : 'none', 'last-error', !!s.lastError),
  ];
}

/** Cloud → box: where the box's cursor is in the cloud's messages, how far behind, what was refused. */
function downFigures(d: SyncStatus['down']): HTMLElement[] {
  if (!d.configured) return [];
  return [
    fig('Messages applied', `${d.cursor} of ${d.head}`, 'cursor'),
    fig('Not applied yet', String(d.lag), 'lag'),
    fig('Refused', String(d.refused), 'refused'),
    fig('Last heard', d.lastPollAt ? when(d.lastPollAt) : 'never', 'last-poll'),
  ];
}
