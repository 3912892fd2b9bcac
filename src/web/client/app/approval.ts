/**
 * Waiter app: actions that must be decided now (a void, a discount, a refund, a move) go straight
 * to the box; when the box says a manager must approve, a manager types their PIN here and it is
 * sent again with the approval (src/auth/approval.ts checks it on this paired device).
 */
import { h, type ApiError } from '../shared/dom.js';
import { toast, type Staff } from './state.js';
import { api } from './api.js';
import { closeModal, modal } from './screens.js';
import { refreshOrder } from './order.js';
import { soon } from './live.js';

interface Approval { staffId: string; pin: string }
type Body = Record<string, unknown> & { approval?: Approval };

export async function online<T = unknown>(method: string, path: string, body: Body, what: string, headers?: Record<string, string>): Promise<T | null> {
  try {
    const r = await api<T>(method, path, body, { headers });
    void refreshOrder(); soon('floor');
    return r.body;
  } catch (e) {
    const err = e as ApiError;
    // A wrong manager PIN asks again (it counts toward the lockout on the box).
    const again = err.code === 'PIN_INCORRECT' && !!body.approval;
    if (err.code === 'MANAGER_APPROVAL_REQUIRED' || again) {
      const approval = await managerPrompt(again ? err.message : (what || err.message));
      if (!approval) return null;
      return online<T>(method, path, { ...body, approval }, what, headers);
    }
    toast(err.code === 'OFFLINE' ? 'The box cannot be reached: try again when it is back.' : err.message);
    return null;
  }
}

async function managerPrompt(what: string): Promise<Approval | null> {
  let roster: Staff[];
  try {
    roster = (await api<Staff[]>('GET', '/auth/roster', undefined, { device: true })).body;
  } catch {
    toast('The box cannot be reached: a manager approval needs it.');
    return null;
  }
  const managers = roster.filter((s) => s.role === 'manager' || s.role === 'owner');
  return new Promise((done) => {
    let who: Staff | null = null;
    const pinIn = h('input', { id: 'mgr-pin', type: 'password', inputmode: 'numeric', maxlength: 6, placeholder: 'Manager PIN', autocomplete: 'off' });
    const list = h('div', { class: 'seg' });
    for (const m of managers) {
      list.appendChild(h('button', { type: 'button', 'data-manager': m.name, text: m.name, onclick: (ev) => {
        who = m;
        for (const b of Array.from(list.children)) b.className = '';
        (ev.currentTarget as HTMLElement).className = 'on';
        pinIn.focus();
      } }));
    }
    modal([h('h2', { text: 'Manager approval' }), h('p', { text: what }), list, h('label', { for: 'mgr-pin', text: 'PIN' }), pinIn,
      h('div', { class: 'modal-actions' }, [
        h('button', { type: 'button', text: 'Cancel', onclick: () => { closeModal(); done(null); } }),
        h('button', { type: 'button', class: 'primary', id: 'mgr-ok', text: 'Approve', onclick: () => {
          if (!who || !/^\d{4,6}$/.test(pinIn.value)) { toast('Pick the manager and type their PIN.'); return; }
          closeModal(); done({ staffId: who.id, pin: pinIn.value });
        } })])], () => done(null));
  });
}

