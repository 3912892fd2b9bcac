/** Kitchen display: what a tap sends to the box. The answer is the ticket as it is now, shown at once (the socket confirms it). */
import type { ApiError } from '../shared/dom.js';
import { api, lastBumped, toast, type Ticket, type TicketLine } from './state.js';
import { changed, upsert } from './live.js';

async function send(path: string): Promise<boolean> {
  try {
    upsert(await api<Ticket>('POST', path));
    changed();
    return true;
  } catch (e) {
    const err = e as ApiError;
    toast(err.code === 'OFFLINE' ? 'Not sent: the box cannot be reached. Try again.' : err.message);
    return false;
  }
}

export function bumpLine(t: Ticket, l: TicketLine): void {
  if (l.state !== 'fired' || t.kind === 'void') return;
  void send(`/kitchen/tickets/${encodeURIComponent(t.id)}/lines/${encodeURIComponent(l.lineId)}/bump`);
}

export function bumpTicket(t: Ticket): void {
  void send(`/kitchen/tickets/${encodeURIComponent(t.id)}/bump`);
}

export function recallLast(): void {
  const t = lastBumped();
  if (!t) { toast('Nothing to recall: no ticket was bumped here yet.'); return; }
  void send(`/kitchen/tickets/${encodeURIComponent(t.id)}/recall`);
}
