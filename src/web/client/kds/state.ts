/**
 * Kitchen display: its state, small helpers and the API client. The screen holds every ticket by
 * id; the live connection (live.ts) and the buttons (main.ts) change it; render.ts draws it.
 */
import type { TicketViewT } from '../../../kitchen/schemas.js';
import { $, ApiError } from '../shared/dom.js';

export type Ticket = TicketViewT;
export type TicketLine = Ticket['lines'][number];

export const TOKEN_KEY = 'brigade.kds.deviceToken';
export const VIEW_KEY = 'brigade.kds.view';

const query = new URLSearchParams(location.search);
function minutes(v: string | null, d: number): number {
  const n = Number(v);
  return v !== null && v !== '' && Number.isFinite(n) && n > 0 ? n * 60000 : d * 60000;
}

export const S = {
  token: localStorage.getItem(TOKEN_KEY) ?? '',
  station: null as string | null,
  expo: false,
  // Age colours: green below warn, amber below late, red after (?warn=5&late=10, in minutes).
  warnMs: minutes(query.get('warn'), 5),
  lateMs: minutes(query.get('late'), 10),
  tickets: {} as Record<string, Ticket>,
  lastSeq: null as number | null,
  epoch: null as unknown,
  welcomeSeq: null as number | null,
  skew: 0,
  online: false,
  downSince: null as number | null,
  live: false,
};
if (S.lateMs < S.warnMs) S.lateMs = S.warnMs;

export const pad = (n: number): string => (n < 10 ? '0' : '') + n;
export const hhmmss = (d: Date): string => `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
export function mmss(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${pad(Math.floor(s / 60))}:${pad(s % 60)}`;
}
/** The box's clock, not the TV's: ages are computed against the time the box stamped on the ticket. */
export const boxNow = (): number => Date.now() + S.skew;

let toastTimer: ReturnType<typeof setTimeout> | undefined;
export function toast(message: string): void {
  const t = $('toast');
  t.textContent = message; t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.hidden = true; }, 4000);
}

/** Called when the box refuses the screen's token (set by main.ts: it goes back to pairing). */
export const hooks = { unpaired: (): void => {} };

/** JSON over HTTP with the screen's device token; a refused token sends the screen back to pairing. */
export async function api<T>(method: string, path: string): Promise<T> {
  // A box that accepts the connection but never answers must not leave the screen waiting for ever.
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 8000);
  try {
    let res: Response;
    try {
      res = await fetch(path, { method, headers: { authorization: `Bearer ${S.token}` }, cache: 'no-store', signal: abort.signal });
    } catch {
      throw new ApiError('The box cannot be reached.', 'OFFLINE');
    }
    const date = Date.parse(res.headers.get('date') ?? '');
    if (Number.isFinite(date)) { const off = date - Date.now(); S.skew = Math.abs(off) > 2000 ? off : 0; }
    const json = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    if (res.ok) return json as T;
    const err = json?.error ?? { code: `HTTP_${res.status}`, message: `The box answered ${res.status}.` };
    if (err.code === 'UNAUTHENTICATED') hooks.unpaired();
    throw new ApiError(err.message, err.code, res.status);
  } finally {
    clearTimeout(timer);
  }
}

export const mine = (t: Ticket): boolean => S.expo || t.station === S.station;

/** The most recently bumped ticket this screen knows of (its station, or any in expo). */
export function lastBumped(): Ticket | null {
  let best: Ticket | null = null;
  for (const t of Object.values(S.tickets)) {
    if (t.status !== 'bumped' || !t.bumpedAt || !mine(t)) continue;
    if (!best || t.bumpedAt > (best.bumpedAt ?? 0) || (t.bumpedAt === best.bumpedAt && t.version > best.version)) best = t;
  }
  return best;
}
