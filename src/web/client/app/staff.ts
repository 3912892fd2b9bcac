/**
 * Waiter app, back office: staff and devices. Everyone with their role; add someone with a PIN (a
 * client-made id, so a double tap or a retry adds them once) and reset a PIN; the paired tablets and
 * kitchen screens, each one revocable (its token and sessions end at once). The box checks the permissions:
 * managers add waiters, hosts and kitchen staff; only an owner adds or changes a manager.
 */
import { $, clear, h, type ApiError } from '../shared/dom.js';
import type { z } from 'zod';
import type { StaffMember } from '../../../staff/schemas.js';
import { S, toast, uuid } from './state.js';
import { when } from './office.js';
import { api } from './api.js';
import { closeModal, modal, show } from './screens.js';

type Member = z.infer<typeof StaffMember>;
type Role = Member['role'];

const ROLE_NAMES: Record<Role, string> = { owner: 'Owner', manager: 'Manager', waiter: 'Waiter', host: 'Host', kitchen: 'Kitchen' };
const PIN = /^\d{4,6}$/;

$('open-staff').addEventListener('click', () => showStaff());
$('add-staff').addEventListener('click', () => addDialog());

export function showStaff(): void {
  show('staff', 'Staff');
  void loadStaff();
  void loadDevices();
}

/** A paired device as GET /devices lists it. */
interface Device { id: string; name: string; kind: 'tablet' | 'kitchen'; createdAt: number; lastSeenAt: number | null; revokedAt: number | null }

async function loadDevices(): Promise<void> {
  const list = $('device-list');
  try {
    const devices = (await api<Device[]>('GET', '/devices')).body;
    if (S.screen !== 'staff') return;
    clear(list);
    for (const d of devices) {
      const facts = `${d.kind === 'kitchen' ? 'Kitchen screen' : 'Tablet'} · ${d.revokedAt ? `revoked ${when(d.revokedAt)}` : d.lastSeenAt ? `last seen ${when(d.lastSeenAt)}` : 'not seen yet'}`;
      list.appendChild(h('div', { class: `office-row${d.revokedAt ? ' off' : ''}`, 'data-device-row': d.name }, [
        h('span', {}, [d.name, h('small', { text: facts })]),
        d.revokedAt ? null : h('button', { type: 'button', class: 'danger', 'data-revoke': d.name, text: 'Revoke', onclick: () => revokeDialog(d) }),
      ]));
    }
    if (!devices.length) list.appendChild(h('p', { class: 'hint', text: 'No device paired.' }));
  } catch (e) { if (S.screen === 'staff') clear(list).appendChild(h('p', { class: 'error', text: (e as ApiError).message })); }
}

function revokeDialog(d: Device): void {
  const go = h('button', { type: 'button', class: 'danger', id: 'revoke-ok', text: 'Revoke', onclick: () => {
    go.disabled = true;
    api('POST', `/devices/${d.id}/revoke`, {}).then(() => { closeModal(); toast(`${d.name} is revoked.`); void loadDevices(); },
      (e: ApiError) => { toast(e.message); }).finally(() => { go.disabled = false; });
  } });
  modal([h('h2', { text: `Revoke ${d.name}?` }),
    h('p', { text: `It is signed out at once and must be paired again with a new code to be used. If it is this ${d.kind === 'kitchen' ? 'screen' : 'tablet'}, this app signs out too.` }),
    h('div', { class: 'modal-actions' }, [h('button', { type: 'button', text: 'Cancel', onclick: closeModal }), go])]);
}

async function loadStaff(): Promise<void> {
  const list = $('staff-list');
  if (!list.firstChild) list.appendChild(h('p', { class: 'loading', text: 'Loading the staff…' }));
  try {
    const people = (await api<Member[]>('GET', '/staff')).body;
    if (S.screen !== 'staff') return;
    clear(list);
    for (const m of people) list.appendChild(row(m));
  } catch (e) { if (S.screen === 'staff') clear(list).appendChild(h('p', { class: 'error', text: (e as ApiError).message })); }
}

/** An owner's or manager's PIN is changed by an owner only: the button shows only when it can work. */
const mayChange = (m: Member): boolean => S.me?.role === 'owner' || (m.role !== 'owner' && m.role !== 'manager');

function row(m: Member): HTMLElement {
  return h('div', { class: `office-row${m.active ? '' : ' off'}`, 'data-staff-row': m.name }, [
    h('span', {}, [m.name, h('small', { text: `${ROLE_NAMES[m.role]}${m.active ? '' : ' · inactive'}` })]),
    mayChange(m) ? h('button', { type: 'button', 'data-reset-pin': m.name, text: 'Reset PIN', onclick: () => pinDialog(m) }) : null,
  ]);
}

function pinInput(id: string, label: string): [HTMLLabelElement, HTMLInputElement] {
  return [h('label', { for: id, text: label }),
    h('input', { id, type: 'password', inputmode: 'numeric', autocomplete: 'off', maxlength: 6, pattern: '[0-9]*' })];
}

function addDialog(): void {
  const id = uuid();
  let role: Role = 'waiter';
  const roles: Role[] = S.me?.role === 'owner' ? ['waiter', 'host', 'kitchen', 'manager'] : ['waiter', 'host', 'kitchen'];
  const name = h('input', { id: 'staff-name', maxlength: 80, autocomplete: 'off' });
  const [pinLabel, pin] = pinInput('staff-pin', 'PIN (4 to 6 digits)');
  const seg = h('div', { class: 'seg', role: 'group', 'aria-label': 'Role' });
  const drawRoles = (): void => {
    seg.replaceChildren(...roles.map((r) => h('button', { type: 'button', class: r === role ? 'on' : null, 'data-role': r, text: ROLE_NAMES[r], onclick: () => { role = r; drawRoles(); } })));
  };
  drawRoles();
  const problem = h('p', { class: 'prompt', role: 'alert' });
  const save = h('button', { type: 'button', class: 'primary', id: 'staff-save', text: 'Add', onclick: () => {
    const who = name.value.trim();
    if (!who) { problem.textContent = 'Type their name.'; name.focus(); return; }
    if (!PIN.test(pin.value)) { problem.textContent = 'A PIN is 4 to 6 digits.'; pin.focus(); return; }
    save.disabled = true;
    api<Member>('POST', '/staff', { id, name: who, role, pin: pin.value }).then(() => {
      closeModal(); toast(`${who} can sign in with their PIN.`); void loadStaff();
    }, (e: ApiError) => { problem.textContent = e.message; }).finally(() => { save.disabled = false; });
  } });
  modal([h('h2', { text: 'Add a staff member' }), h('label', { for: 'staff-name', text: 'Name' }), name,
    h('label', { text: 'Role' }), seg, pinLabel, pin, problem,
    h('div', { class: 'modal-actions' }, [h('button', { type: 'button', text: 'Cancel', onclick: closeModal }), save])]);
}

function pinDialog(m: Member): void {
  const [label, pin] = pinInput('new-pin', `New PIN for ${m.name} (4 to 6 digits)`);
  const problem = h('p', { class: 'prompt', role: 'alert' });
  const save = h('button', { type: 'button', class: 'primary', id: 'pin-save', text: 'Set PIN', onclick: () => {
    if (!PIN.test(pin.value)) { problem.textContent = 'A PIN is 4 to 6 digits.'; pin.focus(); return; }
    save.disabled = true;
    api<Member>('PATCH', `/staff/${m.id}`, { pin: pin.value }).then(() => {
      closeModal(); toast(`${m.name}'s PIN is changed.`);
    }, (e: ApiError) => { problem.textContent = e.message; }).finally(() => { save.disabled = false; });
  } });
  modal([h('h2', { text: `Reset ${m.name}'s PIN` }), label, pin, problem,
    h('div', { class: 'modal-actions' }, [h('button', { type: 'button', text: 'Cancel', onclick: closeModal }), save])]);
}
