/** Waiter app: which screen shows, the header, and the one modal dialog. */
import { $, clear, type Kid } from '../shared/dom.js';
import { S, type Screen } from './state.js';
import { showFloor } from './floor.js';
import { openTable } from './order.js';

const SCREENS: Screen[] = ['pair', 'signin', 'floor', 'order', 'bill'];

export function show(id: Screen, title = ''): void {
  S.screen = id;
  for (const s of SCREENS) $(s).hidden = s !== id;
  const inApp = id === 'floor' || id === 'order' || id === 'bill';
  $('top').hidden = !inApp; $('back').hidden = id === 'floor';
  $('title').textContent = title;
  $('back').textContent = id === 'bill' ? '\u2039 Order' : '\u2039 Floor';
}

$('back').addEventListener('click', () => {
  if (S.screen === 'bill' && S.table) openTable(S.table.id); else showFloor();
});

export function modal(kids: Kid[]): void {
  const box = clear($('modal-box'));
  for (const k of kids) if (k) box.append(k);
  $('modal').hidden = false;
}

export function closeModal(): void {
  $('modal').hidden = true;
  clear($('modal-box'));
}
