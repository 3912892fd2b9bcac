/** Waiter app: which screen shows, the header, and the one modal dialog. */
import { $, clear, type Kid } from '../shared/dom.js';
import { S, type Screen } from './state.js';
import { showFloor } from './floor.js';
import { openTable } from './order.js';

const SCREENS: Screen[] = ['pair', 'signin', 'floor', 'order', 'bill', 'day', 'menuadmin', 'staff',
  'stock', 'menuedit', 'flooredit', 'printers', 'sync', 'door'];

export function show(id: Screen, title = ''): void {
  S.screen = id;
  for (const s of SCREENS) $(s).hidden = s !== id;
  const inApp = id !== 'pair' && id !== 'signin';
  $('top').hidden = !inApp; $('back').hidden = id === 'floor';
  $('title').textContent = title;
  $('back').textContent = id === 'bill' ? '\u2039 Order' : '\u2039 Floor';
}

$('back').addEventListener('click', () => {
  if (S.screen === 'bill' && S.table) openTable(S.table.id); else showFloor();
});

let onCancel: (() => void) | null = null;
let returnFocus: HTMLElement | null = null;

/**
 * Opens the dialog with these contents. It takes the focus (its first field, else its main
 * button) and gives it back on close; Escape cancels it (running `cancel`, e.g. to answer "no
 * approval" to whoever waits on it). Its first heading names it.
 */
export function modal(kids: Kid[], cancel?: () => void): void {
  const box = clear($('modal-box'));
  for (const k of kids) if (k) box.append(k);
  const title = box.querySelector('h2');
  if (title) { title.id = 'modal-title'; box.setAttribute('aria-labelledby', 'modal-title'); } else box.removeAttribute('aria-labelledby');
  onCancel = cancel ?? null;
  if ($('modal').hidden) returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  $('modal').hidden = false;
  const first = box.querySelector<HTMLElement>('input:not([type=checkbox]), textarea, .primary, button');
  (first ?? box).focus();
}

export function closeModal(): void {
  onCancel = null;
  $('modal').hidden = true;
  clear($('modal-box'));
  if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
  returnFocus = null;
}

document.addEventListener('keydown', (ev) => {
  if ($('modal').hidden) return;
  if (ev.key === 'Tab') { keepFocusInside(ev); return; }
  if (ev.key !== 'Escape') return;
  ev.preventDefault();
  const cancel = onCancel;
  closeModal();
  cancel?.();
});

/** Tab cycles through the dialog's own controls: the page behind it is out of reach while it is open. */
function keepFocusInside(ev: KeyboardEvent): void {
  const box = $('modal-box');
  const items = Array.from(box.querySelectorAll<HTMLElement>('button:not([disabled]), input:not([disabled]), textarea, select'));
  const first = items[0], last = items[items.length - 1];
  if (!first || !last) { ev.preventDefault(); box.focus(); return; }
  const here = document.activeElement;
  if (ev.shiftKey && (here === first || !box.contains(here))) { ev.preventDefault(); last.focus(); }
  else if (!ev.shiftKey && (here === last || !box.contains(here))) { ev.preventDefault(); first.focus(); }
}
