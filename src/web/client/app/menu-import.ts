/**
 * Menu editor: import and export. Download the menu as a CSV sheet or a JSON document
 * (GET /menu/export), edit it, and upload it back (POST /menu/import). The box checks every row
 * before writing anything: one bad row and nothing is applied, and every bad row comes back
 * (400 IMPORT_INVALID, `details: [{line | path, field?, reason}]`), shown here as a table.
 */
import { h, type ApiError } from '../shared/dom.js';
import { S, toast } from './state.js';
import { api } from './api.js';
import { isCentral, reloadEditor } from './menu-edit-data.js';
import { Form, select, whileBusy } from './menu-fields.js';

interface ImportProblem { line?: number; path?: string; field?: string; reason: string }
interface Counts { created: number; updated: number; unchanged: number; madeUnavailable: number }
interface ImportResult { changed: boolean; categories: Counts; items: Counts; optionGroups: Counts; options: Counts }

/**
 * The upload form is made once and put back on every redraw: the chosen file and the last answer
 * survive the redraw that follows an import, or a change announced from another tablet.
 */
let upload: HTMLElement | null = null;

/** A fresh form each time the screen opens (another manager may be signed in by then). */
export function resetImport(): void { upload = null; }

export function renderImportExport(body: HTMLElement): void {
  body.append(
    h('h2', { text: 'Download the menu' }),
    h('p', { class: 'hint', text: 'Edit it in a spreadsheet (CSV) or keep it as a copy (JSON), then upload it back here.' }),
    h('div', { class: 'office-actions' }, [
      h('button', { type: 'button', id: 'export-csv', text: 'Download CSV', onclick: (ev) => void whileBusy(ev.currentTarget as HTMLButtonElement, () => download('csv')) }),
      h('button', { type: 'button', id: 'export-json', text: 'Download JSON', onclick: (ev) => void whileBusy(ev.currentTarget as HTMLButtonElement, () => download('json')) }),
    ]),
    h('h2', { text: 'Upload a menu file' }),
    isCentral() ? h('p', { class: 'hint', text: 'This location\u2019s menu is managed by the cloud menu: import it there.' }) : (upload ??= uploadForm()),
  );
}

/** Fetches the export with the session's token (a plain link could not carry it) and saves it as a file. */
async function download(format: 'csv' | 'json'): Promise<void> {
  try {
    const res = await fetch(`/menu/export?format=${format}`, { headers: { authorization: `Bearer ${S.session}` }, cache: 'no-store' });
    if (!res.ok) throw new Error(`The box answered ${res.status}.`);
    const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `menu.${format}`;
    const url = URL.createObjectURL(await res.blob());
    const a = h('a', { href: url, download: name, hidden: true });
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (e) { toast(e instanceof TypeError ? 'The box cannot be reached.' : (e as Error).message); }
}

function uploadForm(): HTMLElement {
  const form = new Form();
  const file = h('input', { type: 'file', id: 'import-file', accept: '.csv,.json,text/csv,application/json' });
  const mode = select('import-mode', [['merge', 'Leave it as it is'], ['replace', 'Take it off the menu (86)']], 'merge');
  const result = h('div', { id: 'import-result', 'aria-live': 'polite' });
  const go = h('button', { type: 'button', class: 'primary', id: 'import-go', text: 'Import' });
  go.addEventListener('click', () => void whileBusy(go, async () => {
    form.clear(); result.replaceChildren();
    const f = file.files?.[0];
    if (!f) { form.fail('file', 'Choose a CSV or JSON menu file first.'); return; }
    const csv = /\.csv$/i.test(f.name) || f.type === 'text/csv';
    try {
      const r = await api<ImportResult>('POST', `/menu/import?mode=${mode.value}`, undefined,
        { raw: await f.text(), headers: { 'content-type': csv ? 'text/csv' : 'application/json' }, timeout: 30_000 });
      result.appendChild(summary(r.body)).scrollIntoView({ block: 'nearest' });
      await reloadEditor();
    } catch (e) {
      const err = e as ApiError;
      if (err.code === 'IMPORT_INVALID' && Array.isArray(err.details)) result.appendChild(problems(err.details as ImportProblem[])).scrollIntoView({ block: 'nearest' });
      else form.show(err, { menu: 'file' });
    }
  }));
  return h('div', { class: 'import-form' }, [
    form.field('file', 'Menu file (CSV or JSON)', file), form.field('mode', 'Dishes and options the file leaves out', mode), form.general,
    h('div', { class: 'office-actions' }, [go]), result,
  ]);
}

function summary(r: ImportResult): HTMLElement {
  if (!r.changed) return h('p', { class: 'ok-note', role: 'status', text: 'The file matches the menu: nothing to change.' });
  const part = (label: string, c: Counts): string => `${label}: ${c.created} added, ${c.updated} changed${c.madeUnavailable ? `, ${c.madeUnavailable} taken off` : ''}`;
  return h('p', { class: 'ok-note', role: 'status', text: `Imported. ${[part('Categories', r.categories), part('Dishes', r.items), part('Option groups', r.optionGroups), part('Options', r.options)].join('; ')}.` });
}

/** Every bad row, as the box reported it: nothing of the file was applied. */
function problems(list: ImportProblem[]): HTMLElement {
  const cell = (text: string, cls?: string): HTMLTableCellElement => h('td', { class: cls, text });
  return h('div', { class: 'import-errors', role: 'alert' }, [
    h('p', { class: 'error', text: `Nothing was imported: ${list.length === 1 ? 'one row needs' : `${list.length} rows need`} fixing. Fix ${list.length === 1 ? 'it' : 'them'} in the file and import it again.` }),
    h('div', { class: 'table-scroll' }, [h('table', { id: 'import-problems' }, [
      h('thead', {}, [h('tr', {}, [h('th', { scope: 'col', text: 'Row' }), h('th', { scope: 'col', text: 'Field' }), h('th', { scope: 'col', text: 'Problem' })])]),
      h('tbody', {}, list.map((p) => h('tr', { 'data-problem-row': String(p.line ?? p.path ?? '') }, [
        cell(p.line !== undefined ? `line ${p.line}` : p.path ?? '\u2013'), cell(p.field ?? '\u2013'), cell(p.reason, 'reason'),
      ]))),
    ])]),
  ]);
}
