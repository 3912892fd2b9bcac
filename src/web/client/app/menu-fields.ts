/**
 * Menu editor, its forms: a labelled field with its own error line under it, a field the cloud
 * manages shown read-only and saying so, the box's errors placed next to the field they name, and
 * buttons that wait while a change is on its way (a double tap sends one change).
 */
import { h, type ApiError } from '../shared/dom.js';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
export interface Field { name: string; control: Control; error: HTMLElement; box: HTMLElement }

/** The note a field the cloud manages carries. */
export const MANAGED_NOTE = 'managed by the cloud menu';

/** A form's fields by API name, and one line for errors that name no field. */
export class Form {
  readonly fields: Record<string, Field> = {};
  readonly general = h('p', { class: 'prompt', role: 'alert', 'data-error': 'general' });

  /** Adds a labelled field; `managed` makes it read-only with "managed by the cloud menu". */
  field(name: string, label: string, control: Control, managed = false): HTMLElement {
    control.id ||= `f-${name}`;
    control.setAttribute('name', name);
    const error = h('p', { class: 'prompt field-error', role: 'alert', id: `${control.id}-error`, 'data-error': name });
    control.setAttribute('aria-describedby', error.id);
    const kids: Array<Node> = [h('label', { for: control.id, text: label })];
    if (managed) {
      control.setAttribute('disabled', '');
      control.setAttribute('data-managed', '');
      kids.push(h('small', { class: 'managed', id: `${control.id}-managed`, text: MANAGED_NOTE }));
      control.setAttribute('aria-describedby', `${control.id}-managed ${error.id}`);
    }
    const box = h('div', { class: 'field', 'data-field': name }, [...kids, control, error]);
    this.fields[name] = { name, control, error, box };
    return box;
  }

  clear(): void {
    this.general.textContent = '';
    for (const f of Object.values(this.fields)) { f.error.textContent = ''; f.control.removeAttribute('aria-invalid'); }
  }

  /** A problem found on the tablet, before anything is sent. */
  fail(name: string, message: string): false {
    const f = this.fields[name];
    if (!f) { this.general.textContent = message; return false; }
    f.error.textContent = message;
    f.control.setAttribute('aria-invalid', 'true');
    f.control.focus();
    return false;
  }

  /**
   * The box's answer, next to the field it names: `details.field` (CENTRALLY_MANAGED, DUPLICATE) or
   * each `details[].path` (VALIDATION_FAILED); else under the form.
   */
  show(e: ApiError, alias: Record<string, string> = {}): void {
    const named: Array<[string, string]> = [];
    const d = e.details as { field?: unknown } | Array<{ path?: unknown; message?: unknown }> | undefined;
    if (Array.isArray(d)) for (const p of d) named.push([String(p.path ?? '').split('.')[0] ?? '', String(p.message ?? e.message)]);
    else if (d && typeof d.field === 'string') named.push([d.field, e.message]);
    let placed = false;
    for (const [path, message] of named) {
      const name = alias[path] ?? path;
      if (this.fields[name]) { this.fail(name, message); placed = true; }
    }
    if (!placed) this.general.textContent = e.message;
  }
}

/**
 * Runs `work` with `button` disabled (and saying so) until it ends; a tap while it runs does nothing,
 * so a double tap sends one change.
 */
export async function whileBusy(button: HTMLButtonElement, work: () => Promise<void>): Promise<void> {
  if (button.disabled) return;
  const label = button.textContent;
  button.disabled = true; button.setAttribute('aria-busy', 'true');
  try { await work(); } finally {
    button.disabled = false; button.removeAttribute('aria-busy');
    if (label !== null) button.textContent = label;
  }
}

/** A text input. */
export const textInput = (id: string, value = '', attrs: Record<string, string | number> = {}): HTMLInputElement =>
  h('input', { id, value, autocomplete: 'off', ...attrs });

/** A select with its options, one chosen. */
export function select(id: string, choices: Array<[string, string]>, chosen: string): HTMLSelectElement {
  const s = h('select', { id }, choices.map(([value, text]) => h('option', { value, text })));
  s.value = chosen;
  return s;
}
