/**
 * Waiter app, for managers and owners: make a pairing code for a new tablet or kitchen screen and
 * show it big enough to read across the room (the first back-office screen; the box checks the
 * permission, the button only shows for those who have it).
 */
import { $, h, type ApiError } from '../shared/dom.js';
import type { PairingCodeRequest } from '../../../auth/schemas.js';
import type { z } from 'zod';
import { S, toast } from './state.js';
import { api } from './api.js';
import { closeModal, modal } from './screens.js';
import { startAddress } from './secure.js';

type Kind = z.infer<typeof PairingCodeRequest>['kind'];

/** Managers and owners pair devices (permission devices.manage on the box). */
export const canPairDevices = (): boolean => S.me?.role === 'owner' || S.me?.role === 'manager';

$('pair-device').addEventListener('click', () => pairingDialog());

function pairingDialog(): void {
  let kind: Kind = 'tablet';
  const name = h('input', { id: 'pair-name', maxlength: 60, placeholder: 'Tablet 2, Grill screen…', autocomplete: 'off' });
  const kinds = h('div', { class: 'seg', role: 'group', 'aria-label': 'Kind of device' });
  const drawKinds = (): void => {
    kinds.replaceChildren(...([['tablet', 'Tablet'], ['kitchen', 'Kitchen screen']] as const).map(([k, label]) =>
      h('button', { type: 'button', class: kind === k ? 'on' : null, 'data-kind': k, text: label, onclick: () => { kind = k; drawKinds(); } })));
  };
  drawKinds();
  const result = h('div', { id: 'pairing-result', 'aria-live': 'polite' });
  const make = h('button', { type: 'button', class: 'primary', id: 'make-code', text: 'Make a code', onclick: () => {
    const label = name.value.trim();
    if (!label) { toast('Name the device first (for example "Tablet 2").'); name.focus(); return; }
    make.disabled = true;
    api<{ code: string; expiresAt: number }>('POST', '/devices/pairing-codes', { name: label, kind }).then(async (r) => {
      const until = new Date(r.body.expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      // A new device does not trust the box's HTTPS certificate yet: it starts on the plain address.
      const where = await startAddress(kind === 'kitchen' ? '/kds' : '/app/');
      result.replaceChildren(
        h('p', { class: 'code-big', id: 'pairing-code', text: r.body.code }),
        h('p', { text: `On the new ${kind === 'kitchen' ? 'kitchen screen' : 'tablet'}, open ${where} and type this code. It works once, until ${until}.` }));
    }, (e: ApiError) => { toast(e.message); }).finally(() => { make.disabled = false; });
  } });
  modal([h('h2', { text: 'Pair a tablet or kitchen screen' }),
    h('label', { for: 'pair-name', text: 'Name' }), name, h('label', { text: 'Kind' }), kinds, result,
    h('div', { class: 'modal-actions' }, [h('button', { type: 'button', text: 'Close', onclick: closeModal }), make])]);
}
