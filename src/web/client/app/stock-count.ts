/**
 * Stock screens: the count sheet (stocktake). The sheet is read once, with each ingredient's
 * on-hand and its level version; the manager types what the shelves hold and records the counts
 * (POST /stock/counts with `expectedVersion` = the version on the sheet, and an id per line kept
 * until that line is recorded, so a double tap or a retry records it once).
 *
 * If stock moved between reading the sheet and recording a line — a dish fired, a delivery, a count
 * on another tablet — the box refuses that line with 409 VERSION_CONFLICT, because its variance
 * would be wrong. The line then says, in words, what moved since the sheet was read (the ledger's
 * movements for that ingredient since its version) and offers to count again against the new
 * figure, or to keep the count when it was made after those movements.
 */
import { clear, h, type ApiError } from '../shared/dom.js';
import { S, uuid } from './state.js';
import { api } from './api.js';
import { when } from './office.js';
import { isStocked, loadStock, type IngredientT, type MovementT } from './stock-data.js';
import { refusal } from './stock-form.js';
import { milliOf, parseAmount, qty } from './stock-units.js';

interface Line {
  ing: IngredientT;
  /** The figure and version the counter is counting against (the sheet's, or the box's after "count again"). */
  expected: number; version: number;
  /** The movement id of this line's count, new after each recorded or re-based count. */
  id: string;
  input: HTMLInputElement; status: HTMLElement; row: HTMLElement;
  recorded: boolean;
  /** Counting against the box's figure after a conflict, not the sheet's. */
  rebased: boolean;
}

let sheet: HTMLElement | null = null;
let lines: Line[] = [];
let readAt = 0;
let saving = false;

/** The sheet element as it stands (the screen keeps it in place while figures are re-read). */
export const countSheet = (): HTMLElement | null => sheet;

/** Shows the sheet; one with nothing typed on it is read afresh, one being filled in is kept. */
export function drawCount(into: HTMLElement): void {
  if (!sheet || !lines.some((l) => !l.recorded && l.input.value.trim())) readSheet();
  if (sheet) into.appendChild(sheet);
}

function readSheet(): void {
  const body = h('div', { class: 'office-list', id: 'count-lines' }, [h('p', { class: 'loading', text: 'Reading the figures…' })]);
  const intro = h('p', { class: 'hint', id: 'count-intro' });
  // What the last Record did, said by both Record buttons (the one tapped is where the eyes are).
  const said = [h('div', { id: 'count-summary', 'aria-live': 'polite' }), h('div', { id: 'count-summary-end' })];
  const summary = (text: string, cls = 'hint'): void => { for (const p of said) { p.textContent = text; p.className = cls; } };
  // Record sits above the sheet and again under it, so a long sheet needs no scrolling back up.
  const buttons: HTMLButtonElement[] = [];
  const record = (id: string): HTMLButtonElement => {
    const b = h('button', { type: 'button', class: 'primary', id, text: 'Record counts', onclick: () => void recordCounts(buttons, summary) });
    buttons.push(b);
    return b;
  };
  sheet = h('div', { id: 'count-sheet' }, [intro, h('div', { class: 'office-actions' }, [record('count-save'),
    h('button', { type: 'button', id: 'count-new', text: 'New sheet (current figures)', onclick: () => { if (saving) return; sheet?.remove(); sheet = null; drawCountAgain(); } })]),
  said[0]!, body, said[1]!, h('div', { class: 'office-actions' }, [record('count-save-end')])]);
  lines = [];
  api<IngredientT[]>('GET', '/stock/ingredients').then((r) => {
    readAt = Date.now();
    intro.textContent = `Figures read at ${when(readAt)}. Count each shelf and type what is there, in the unit shown; leave a line empty to skip it.`;
    clear(body);
    lines = r.body.filter(isStocked).map((ing) => line(ing));
    for (const l of lines) body.appendChild(l.row);
    if (!lines.length) body.appendChild(h('p', { class: 'hint', text: 'No ingredient to count yet.' }));
  }, (e: ApiError) => { clear(body).appendChild(h('p', { class: 'error', role: 'alert', text: refusal(e) })); });
}

/** "New sheet": the tab draws a fresh one where the old one stood. */
function drawCountAgain(): void {
  const host = document.getElementById('stock-body');
  if (host && S.screen === 'stock') { clear(host); drawCount(host); }
}

function line(ing: IngredientT): Line {
  const inputId = `count-${ing.id}`;
  const expectedText = h('small', {});
  const input = h('input', { id: inputId, inputmode: 'decimal', autocomplete: 'off', 'data-count-input': ing.name });
  const status = h('div', { class: 'count-status', 'aria-live': 'polite' });
  const row = h('div', { class: 'office-row count-row', 'data-count': ing.name }, [
    h('label', { for: inputId }, [ing.name, expectedText]),
    h('span', { class: 'count-field' }, [input, h('span', { class: 'unit', text: ing.unit })]),
    status,
  ]);
  const l: Line = { ing, expected: ing.onHand, version: ing.levelVersion, id: uuid(), input, status, row, recorded: false, rebased: false };
  setExpected(l, expectedText);
  return l;
}

function setExpected(l: Line, small = l.row.querySelector('label small')): void {
  if (small) small.textContent = `the box expects ${qty(l.expected, l.ing.unit)}`;
}

async function recordCounts(buttons: HTMLButtonElement[], summary: (text: string, cls?: string) => void): Promise<void> {
  if (saving) return;
  const todo = lines.filter((l) => !l.recorded && l.input.value.trim());
  if (!todo.length) { summary('Type at least one counted figure first.', 'prompt'); return; }
  saving = true; for (const b of buttons) b.disabled = true;
  summary('');
  let ok = 0, refused = 0;
  try {
    for (const l of todo) {
      const n = parseAmount(l.input.value);
      if (n === null || n < 0) { say(l, 'bad', `"${l.input.value}" is not a quantity: type what is on the shelf, such as 2.5 (0 if empty).`); refused++; continue; }
      const outcome = await recordOne(l, n);
      if (outcome === 'offline') { summary('The box cannot be reached: the lines not marked recorded were not. Tap Record counts again when it is back (each line is recorded once).', 'prompt'); return; }
      if (outcome === 'ok') ok++; else refused++;
    }
    summary(`${ok} count(s) recorded${refused ? `; ${refused} line(s) need you: each says why` : ''}.`, refused ? 'prompt' : 'hint');
  } finally {
    saving = false; for (const b of buttons) b.disabled = false;
    void loadStock();
  }
}

async function recordOne(l: Line, counted: number): Promise<'ok' | 'refused' | 'offline'> {
  try {
    const r = await api<{ movement: MovementT; ingredient: IngredientT }>('POST', '/stock/counts',
      { id: l.id, ingredientId: l.ing.id, counted, unit: l.ing.unit, expectedVersion: l.version });
    l.recorded = true; l.input.readOnly = true;
    const variance = r.body.movement.quantity;
    say(l, 'done', `Recorded: ${qty(r.body.movement.counted ?? 0, l.ing.unit)}${variance === 0 ? ', as the box expected.' : ` (${variance > 0 ? '+' : ''}${qty(variance, l.ing.unit)} against the box).`}`);
    return 'ok';
  } catch (err) {
    const e = err as ApiError;
    if (e.code === 'OFFLINE') return 'offline';
    if (e.code === 'VERSION_CONFLICT') { await explainConflict(l, counted, e); return 'refused'; }
    say(l, 'bad', refusal(e));
    return 'refused';
  }
}

interface ConflictDetails { currentVersion: number; onHand: number; onHandInUnit: number; unit: string }

/** The box refused the count because stock moved: say what moved since the figure the line was counted against. */
async function explainConflict(l: Line, counted: number, e: ApiError): Promise<void> {
  const d = e.details as ConflictDetails;
  const movedCount = Math.max(1, d.currentVersion - l.version);
  let moves: MovementT[] = [];
  try { moves = (await api<MovementT[]>('GET', `/stock/movements?ingredientId=${l.ing.id}&limit=${Math.min(movedCount, 50)}`)).body; } catch { /* said without the list */ }
  const unit = l.ing.unit;
  const diff = d.onHand - l.expected;
  const box = h('div', { class: 'conflict', 'data-conflict': l.ing.name }, [
    h('p', { text: `Not recorded: ${l.ing.name} moved after ${l.rebased ? 'you took the new figure' : `the sheet was read (${when(readAt)})`}. `
      + `You counted against ${qty(l.expected, unit)}; the box now has ${qty(d.onHand, unit)} (${diff >= 0 ? '+' : ''}${qty(diff, unit)}).` }),
    moves.length ? h('ul', {}, moves.slice().reverse().map((m) => h('li', { text: moveWords(m, unit) }))) : null,
    movedCount > moves.length ? h('p', { text: `(${movedCount - moves.length} earlier change(s) not listed.)` }) : null,
    h('p', { text: `Your ${qty(milliOf(counted, unit), unit)} may have been counted before these. Count the shelf again, or keep your figure if you counted after them.` }),
    h('div', { class: 'modal-actions' }, [
      h('button', { type: 'button', 'data-recount': l.ing.name, text: 'Count again', onclick: () => rebase(l, d, true) }),
      h('button', { type: 'button', class: 'primary', 'data-keep-count': l.ing.name, text: `Keep ${counted} ${unit}`, onclick: () => {
        rebase(l, d, false);
        void recordOne(l, counted).finally(() => void loadStock());
      } }),
    ]),
  ]);
  l.row.classList.add('off');
  clear(l.status).appendChild(box);
}

/** The line now counts against the box's current figure and version, with a new movement id. */
function rebase(l: Line, d: ConflictDetails, clearTyped: boolean): void {
  l.expected = d.onHand; l.version = d.currentVersion; l.id = uuid(); l.rebased = true;
  setExpected(l);
  l.row.classList.remove('off');
  clear(l.status);
  if (clearTyped) { l.input.value = ''; l.input.focus(); say(l, 'hint', `Count ${l.ing.name} again and tap Record counts.`); }
}

function say(l: Line, kind: 'done' | 'bad' | 'hint', text: string): void {
  l.row.classList.toggle('off', kind === 'bad');
  clear(l.status).appendChild(h('p', { class: kind === 'done' ? 'count-done' : kind === 'bad' ? 'prompt' : 'hint', text }));
}

/** One ledger movement in words: what took stock away or brought it, and when. */
function moveWords(m: MovementT, unit: string): string {
  const amount = qty(Math.abs(m.quantity), unit), at = when(m.createdAt);
  switch (m.kind) {
    case 'usage': return `${at}: ${amount} used by a dish sent to the kitchen.`;
    case 'return': return `${at}: ${amount} back on the shelf from a voided dish.`;
    case 'receive': return `${at}: ${amount} received in a delivery.`;
    case 'waste': return `${at}: ${amount} recorded as waste${m.reason ? ` (${m.reason})` : ''}.`;
    case 'transfer_out': return `${at}: ${amount} sent to ${m.location ?? 'another site'}.`;
    case 'transfer_in': return `${at}: ${amount} came from ${m.location ?? 'another site'}.`;
    case 'count': return `${at}: counted on another tablet at ${qty(m.counted ?? 0, unit)}.`;
    case 'adjust': return `${at}: adjusted by ${m.quantity > 0 ? '+' : '\u2212'}${amount}${m.reason ? ` (${m.reason})` : ''}.`;
    default: return `${at}: ${amount} (${m.kind}).`;
  }
}
