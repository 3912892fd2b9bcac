/**
 * Printers screen, what prints where: each kitchen station's tickets, and the receipts (for all
 * areas, or one area), go to a printer, with an optional backup that takes over when the printer
 * cannot print (GET/PUT/DELETE /printer-routes). A station without a route prints nowhere: its
 * tickets only show on the kitchen screens, and the row says so.
 */
import { $, h, type ApiError } from '../shared/dom.js';
import type { AreaView } from '../../../tables/schemas.js';
import { toast } from './state.js';
import { api } from './api.js';
import { closeModal, modal } from './screens.js';
import { redraw } from './redraw.js';
import type { Printer, PrinterRoute as Route } from './printing-types.js';

interface Target { kind: 'station' | 'receipt'; key: string; title: string; route: Route | null }

/** `refresh` reads the printers again after a change. */
export async function renderRoutes(printers: Printer[], refresh: () => void): Promise<void> {
  const [routes, stations, areas] = await Promise.all([
    api<Route[]>('GET', '/printer-routes').then((r) => r.body),
    api<Array<{ station: string }>>('GET', '/kitchen/stations').then((r) => r.body.map((s) => s.station), () => [] as string[]),
    api<AreaView[]>('GET', '/areas').then((r) => r.body, () => [] as AreaView[]),
  ]);
  const find = (kind: Target['kind'], key: string): Route | null => routes.find((r) => r.kind === kind && r.key === key) ?? null;
  const stationKeys = [...new Set([...stations, ...routes.filter((r) => r.kind === 'station').map((r) => r.key)])].sort();
  const targets: Target[] = [
    ...stationKeys.map((s) => ({ kind: 'station' as const, key: s, title: `Station ${s}`, route: find('station', s) })),
    { kind: 'receipt', key: 'default', title: 'Receipts and reports', route: find('receipt', 'default') },
    // An area may have its own receipt printer (the terrace's till); else it uses the one above.
    ...(areas.length > 1 ? areas.map((a) => ({ kind: 'receipt' as const, key: a.id, title: `Receipts in ${a.name}`, route: find('receipt', a.id) })) : []),
  ];
  const nameOf = (id: string | null): string => printers.find((p) => p.id === id)?.name ?? 'a removed printer';
  redraw($('route-list'), { targets, printers: printers.map((p) => [p.id, p.name]) }, () => targets.map((t) => h('div', { class: 'office-row', 'data-route-row': t.key }, [
    h('span', {}, [t.title, h('small', { text: t.route
      ? `→ ${nameOf(t.route.printerId)}${t.route.backupPrinterId ? `, backup ${nameOf(t.route.backupPrinterId)}` : ', no backup'}`
      : t.kind === 'station' ? 'Prints nowhere: its tickets only show on the kitchen screens'
      : t.key === 'default' ? 'No receipt printer: bills and reports cannot print' : 'Same printer as receipts and reports' })]),
    printers.length ? h('button', { type: 'button', 'data-route': t.key, text: t.route ? 'Change' : 'Route', onclick: () => routeDialog(t, printers, refresh) }) : null,
  ])));
}

function routeDialog(t: Target, printers: Printer[], refresh: () => void): void {
  let main = t.route?.printerId ?? printers[0]?.id ?? '';
  let backup: string | null = t.route?.backupPrinterId ?? null;
  const mains = h('div', { class: 'seg', role: 'group', 'aria-label': 'Printer' });
  const backups = h('div', { class: 'seg', role: 'group', 'aria-label': 'Backup printer' });
  const draw = (): void => {
    if (backup === main) backup = null;
    mains.replaceChildren(...printers.map((p) => h('button', { type: 'button', class: p.id === main ? 'on' : null, 'data-route-printer': p.name, text: p.name,
      onclick: () => { main = p.id; draw(); } })));
    backups.replaceChildren(h('button', { type: 'button', class: backup === null ? 'on' : null, 'data-route-backup': '', text: 'None', onclick: () => { backup = null; draw(); } }),
      ...printers.filter((p) => p.id !== main).map((p) => h('button', { type: 'button', class: p.id === backup ? 'on' : null, 'data-route-backup': p.name, text: p.name,
        onclick: () => { backup = p.id; draw(); } })));
  };
  draw();
  const problem = h('p', { class: 'prompt', role: 'alert' });
  const busy = (b: HTMLButtonElement, run: () => Promise<unknown>, done: string): void => {
    if (b.disabled) return;
    b.disabled = true; problem.textContent = '';
    run().then(() => { closeModal(); toast(done); refresh(); },
      (e: ApiError) => { problem.textContent = e.message; }).finally(() => { b.disabled = false; });
  };
  const save: HTMLButtonElement = h('button', { type: 'button', class: 'primary', id: 'route-save', text: 'Save', onclick: () => busy(save,
    () => api('PUT', '/printer-routes', { kind: t.kind, key: t.key, printerId: main, backupPrinterId: backup }), `${t.title} print on ${printers.find((p) => p.id === main)?.name ?? ''}.`) });
  const remove: HTMLButtonElement | null = t.route ? h('button', { type: 'button', class: 'danger', id: 'route-remove', text: 'Remove route', onclick: () => busy(remove!,
    () => api('DELETE', `/printer-routes/${t.kind}/${encodeURIComponent(t.key)}`), `${t.title}: route removed.`) }) : null;
  modal([h('h2', { text: t.title }), h('label', { text: 'Prints on' }), mains, h('label', { text: 'Backup, when it cannot print' }), backups, problem,
    h('div', { class: 'modal-actions' }, [remove, h('button', { type: 'button', text: 'Cancel', onclick: closeModal }), save])]);
}
