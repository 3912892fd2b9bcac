/**
 * The set-up page's browser code. The API is the only validator: the page checks just what the
 * API cannot know — that the PIN was typed the same twice — and shows the API's errors by field.
 */
import type { SetupInput } from '../../../setup/schemas.js';
import { $, input } from '../shared/dom.js';

interface SetupResult {
  device: { token: string };
  session: { token: string };
  restaurant: { name: string };
  owner: { name: string };
}
interface ErrorBody { error?: { message?: string; details?: Array<{ path: string; message: string }> } }

const form = $<HTMLFormElement>('setup-form');
const banner = $('banner');
const submit = $<HTMLButtonElement>('submit');
const currency = $<HTMLSelectElement>('currency');
const currencyOther = input('currencyOther');
const zone = $<HTMLSelectElement>('timeZone');

// Default to the browser's own time zone; add it if the box's list names it differently.
let here = '';
try { here = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch { here = ''; }
if (here) {
  if (!Array.from(zone.options).some((o) => o.value === here)) {
    const opt = document.createElement('option');
    opt.value = here; opt.textContent = here; zone.appendChild(opt);
  }
  zone.value = here;
}

currency.addEventListener('change', () => {
  currencyOther.hidden = currency.value !== 'other';
  if (!currencyOther.hidden) currencyOther.focus();
});

function fieldFor(path: string): HTMLInputElement | HTMLSelectElement | null {
  const map: Record<string, string> = {
    currency: currency.value === 'other' ? 'currencyOther' : 'currency',
    serviceChargeBp: 'serviceChargePercent', discountLimitBp: 'discountLimitPercent',
  };
  return document.getElementById(map[path] ?? path) as HTMLInputElement | HTMLSelectElement | null;
}

function clearErrors(): void {
  banner.hidden = true; banner.textContent = '';
  document.querySelectorAll<HTMLElement>('.field-error').forEach((p) => { p.hidden = true; p.textContent = ''; });
  document.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
}

function showBanner(message: string): void {
  banner.textContent = banner.textContent ? `${banner.textContent} ${message}` : message;
  banner.hidden = false;
}

function showError(path: string, message: string): HTMLElement | null {
  const p = document.getElementById(`err-${path}`);
  if (!p) { showBanner(message); return null; }
  const field = fieldFor(path);
  // The API's own words for an empty field are for programmers; say it plainly when the box was left empty.
  const empty = field !== null && field.value.trim() === '';
  p.textContent = empty ? 'Please fill this in.' : message; p.hidden = false;
  if (field) field.setAttribute('aria-invalid', 'true');
  return field ?? p;
}

/**
 * Percent as typed ("12.5") to basis points (1250). Empty means 0; anything else unparseable is
 * sent as null so the API names the field.
 */
function basisPoints(id: string): number | null {
  const raw = input(id).value.trim().replace(',', '.');
  if (raw === '') return 0;
  const n = Number(raw);
  return Number.isFinite(n) ? Math.round(n * 100) : null;
}

const value = (name: string): string => (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value;

/** The body as typed. Not yet a valid SetupInput: the box validates it and names what is wrong. */
function body(): { [K in keyof SetupInput]: unknown } {
  const tax = form.querySelector<HTMLInputElement>('input[name=taxMode]:checked');
  return {
    restaurantName: value('restaurantName'),
    currency: currency.value === 'other' ? currencyOther.value.trim().toUpperCase() : currency.value,
    timeZone: zone.value,
    dayStartHour: Number(value('dayStartHour')),
    taxMode: tax ? tax.value : '',
    serviceChargeBp: basisPoints('serviceChargePercent'),
    discountLimitBp: basisPoints('discountLimitPercent'),
    ownerName: value('ownerName'),
    ownerPin: value('ownerPin'),
  };
}

function focusFirst(el: HTMLElement | null): void {
  if (!el) return;
  el.focus();
  el.scrollIntoView({ block: 'center' });
}

function succeed(result: SetupResult): void {
  localStorage.setItem('brigade.deviceToken', result.device.token);
  localStorage.setItem('brigade.sessionToken', result.session.token);
  form.hidden = true;
  $('intro').hidden = true;
  $('done-name').textContent = result.restaurant.name;
  $('done-owner').textContent = result.owner.name;
  $('done').hidden = false;
  const title = document.querySelector('h1');
  if (title) title.textContent = 'Brigade';
  window.scrollTo(0, 0);
}

async function post(): Promise<void> {
  try {
    const res = await fetch('/setup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body()) });
    const json = (await res.json()) as unknown;
    if (res.ok) { succeed(json as SetupResult); return; }
    const err = (json as ErrorBody).error ?? { message: 'The box answered with an error.' };
    const details = Array.isArray(err.details) ? err.details : [];
    let first: HTMLElement | null = null;
    for (const d of details) {
      const el = showError(d.path, d.message);
      first = first ?? el;
    }
    if (details.length === 0) showBanner(err.message ?? 'The box answered with an error.');
    focusFirst(first ?? banner);
  } catch {
    showBanner('Could not reach the box. Check the connection and try again.');
    focusFirst(banner);
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  clearErrors();
  if (value('ownerPin') !== value('ownerPinConfirm')) {
    focusFirst(showError('ownerPinConfirm', 'The two PINs are different. Type the same PIN twice.'));
    return;
  }
  submit.disabled = true; submit.textContent = 'Setting up…';
  void post().finally(() => { submit.disabled = false; submit.textContent = 'Set up the restaurant'; });
});
