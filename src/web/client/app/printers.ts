/**
 * Waiter app, back office: the printers. Each one with what is wrong with it now (paper out,
 * unreachable…) and how many jobs wait for it (GET /printers), a test page, and a switch to
 * disable or enable it; *Add a printer* takes a network address (host:port) or a USB device file
 * and shows the box's refusal as it words it (a bad address, PRINTER_DEVICE_INVALID, a name used
 * twice). Under them, what prints where (printer-routes.ts) and the queued and failed jobs
 * (print-jobs.ts). The screen reads the box again every few seconds while it is open, so a test
 * page is seen going from queued to printed.
 */
import { $, h, type ApiError } from '../shared/dom.js';
import type { Printer } from './printing-types.js';
import { S, toast, uuid } from './state.js';
import { api } from './api.js';
import { closeModal, modal, show } from './screens.js';
import { when } from './office.js';
import { renderRoutes } from './printer-routes.js';
import { renderJobs } from './print-jobs.js';
import { redraw } from './redraw.js';

const PROBLEM: Record<NonNullable<Printer['problem']>, string> = {
  unreachable: 'cannot be reached', paper_out: 'out of paper', cover_open: 'cover open', offline: 'offline (error light)',
};
const REFRESH_MS = 3000;
let timer: ReturnType<typeof setInterval> | undefined;
/** Printers whose switch or test page is on its way: their buttons wait, so a double tap acts once. */
const busy = new Set<string>();

$('open-printers').addEventListener('click', () => showPrinters());
$('add-printer').addEventListener('click', () => addDialog());

export function showPrinters(): void {
  show('printers', 'Printers');
  void loadPrinters();
  clearInterval(timer);
  timer = setInterval(() => { if (S.screen === 'printers') void loadPrinters(); else clearInterval(timer); }, REFRESH_MS);
}

async function loadPrinters(): Promise<void> {
  const list = $('printer-list');
  if (!list.firstChild) list.appendChild(h('p', { class: 'loading', text: 'Loading the printers…' }));
  try {
    const printers = (await api<Printer[]>('GET', '/printers')).body;
    if (S.screen !== 'printers') return;
    redraw(list, { printers, busy: [...busy] }, () => printers.length ? printers.map(row)
      : [h('p', { class: 'hint', text: 'No printer yet: add the kitchen and receipt printers.' })]);
    const refresh = (): void => { void loadPrinters(); };
    await Promise.all([renderRoutes(printers, refresh), renderJobs(printers, refresh)]);
  } catch (e) {
    const message = (e as ApiError).message;
    if (S.screen === 'printers') redraw(list, { message }, () => [h('p', { class: 'error', text: message })]);
  }
}

/** "Ready · 2 waiting", "Out of paper since 14:05 · 3 waiting", "Disabled". */
function facts(p: Printer): string {
  const state = !p.enabled ? 'Disabled' : p.problem ? `Problem: ${PROBLEM[p.problem]}${p.problemSince ? ` since ${when(p.problemSince)}` : ''}` : 'Ready';
  return `${state} · ${p.queued} waiting · ${p.connection === 'tcp' ? 'network' : 'USB'} ${p.address}`;
}

function row(p: Printer): HTMLElement {
  const act = (attr: string, text: string, run: () => Promise<unknown>, cls: string | null = null): HTMLButtonElement =>
    h('button', { type: 'button', class: cls, [attr]: p.name, text, disabled: busy.has(p.id), onclick: () => {
      if (busy.has(p.id)) return;
      busy.add(p.id);
      run().catch((e: ApiError) => toast(e.message)).finally(() => { busy.delete(p.id); void loadPrinters(); });
    } });
  return h('div', { class: `office-row${p.enabled && !p.problem ? '' : ' off'}`, 'data-printer-row': p.name }, [
    h('span', {}, [p.name, h('small', { class: `printer-facts${p.problem ? ' bad' : ''}`, text: facts(p) })]),
    h('span', { class: 'row-actions' }, [
      p.enabled ? act('data-test-page', 'Test page', () => api('POST', `/printers/${p.id}/test`).then(() => toast(`Test page sent to ${p.name}.`))) : null,
      act('data-toggle-printer', p.enabled ? 'Disable' : 'Enable',
        () => api('PATCH', `/printers/${p.id}`, { enabled: !p.enabled }).then(() => toast(`${p.name} is ${p.enabled ? 'disabled' : 'enabled'}.`))),
    ]),
  ]);
}

function addDialog(): void {
  const id = uuid();
  let connection: 'tcp' | 'device' = 'tcp';
  let columns = 48;
  const name = h('input', { id: 'printer-name', maxlength: 60, autocomplete: 'off', placeholder: 'Kitchen, Bar, Till…' });
  const address = h('input', { id: 'printer-address', maxlength: 200, autocomplete: 'off', spellcheck: 'false' });
  const addressLabel = h('label', { for: 'printer-address' });
  const kinds = h('div', { class: 'seg', role: 'group', 'aria-label': 'Connection' });
  const widths = h('div', { class: 'seg', role: 'group', 'aria-label': 'Paper width' });
  const draw = (): void => {
    addressLabel.textContent = connection === 'tcp' ? 'Address (host:port, usually port 9100)' : 'Device file';
    address.placeholder = connection === 'tcp' ? '192.168.1.50:9100' : '/dev/usb/lp0';
    kinds.replaceChildren(...([['tcp', 'Network'], ['device', 'USB']] as const).map(([k, text]) => h('button', { type: 'button', class: k === connection ? 'on' : null,
      'data-connection': k, text, onclick: () => { connection = k; draw(); } })));
    widths.replaceChildren(...([[48, '80 mm (48)'], [42, '80 mm (42)'], [32, '58 mm (32)']] as const).map(([n, text]) => h('button', { type: 'button',
      class: n === columns ? 'on' : null, 'data-columns': n, text, onclick: () => { columns = n; draw(); } })));
  };
  draw();
  const problem = h('p', { class: 'prompt', role: 'alert' });
  const save = h('button', { type: 'button', class: 'primary', id: 'printer-save', text: 'Add', onclick: () => {
    if (save.disabled) return;
    if (!name.value.trim()) { problem.textContent = 'Name the printer.'; name.focus(); return; }
    if (!address.value.trim()) { problem.textContent = connection === 'tcp' ? 'Type its address, e.g. 192.168.1.50:9100.' : 'Type its device file, e.g. /dev/usb/lp0.'; address.focus(); return; }
    save.disabled = true; problem.textContent = '';
    api<Printer>('POST', '/printers', { id, name: name.value.trim(), connection, address: address.value.trim(), columns }).then((r) => {
      closeModal(); toast(`${r.body.name} is added: print a test page.`); void loadPrinters();
    }, (e: ApiError) => { problem.textContent = e.message; }).finally(() => { save.disabled = false; });
  } });
  modal([h('h2', { text: 'Add a printer' }), h('label', { for: 'printer-name', text: 'Name' }), name,
    h('label', { text: 'Connection' }), kinds, addressLabel, address, h('label', { text: 'Paper width (characters per line)' }), widths, problem,
    h('div', { class: 'modal-actions' }, [h('button', { type: 'button', text: 'Cancel', onclick: closeModal }), save])]);
}
