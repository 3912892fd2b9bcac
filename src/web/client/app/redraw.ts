/**
 * Redraws a list only when what it shows changed. Screens that read the box every few seconds
 * (printers, sync) would otherwise rebuild their rows under the finger and drop the focus.
 */
import { clear, type Kid } from '../shared/dom.js';

const shown = new WeakMap<HTMLElement, string>();

export function redraw(into: HTMLElement, data: unknown, build: () => Kid[]): void {
  const key = JSON.stringify(data);
  if (shown.get(into) === key) return;
  shown.set(into, key);
  clear(into);
  for (const k of build()) if (k) into.append(k);
}
