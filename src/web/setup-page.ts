import { html } from 'hono/html';
import { COMMON_CURRENCIES, timeZoneChoices } from './options.js';
import { layout } from './layout.js';

/** An error line under a field; the script fills it from the API's `details[].path`. */
const fieldError = (path: string) => html`<p class="field-error" id="err-${path}" role="alert" hidden></p>`;

const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;

function restaurantCard() {
  return html`
<section class="card" aria-labelledby="h-restaurant">
  <h2 id="h-restaurant">Your restaurant</h2>
  <div class="field">
    <label for="restaurantName">Restaurant name</label>
    <input type="text" id="restaurantName" name="restaurantName" maxlength="120" autocomplete="organization" placeholder="Chez Marcel">
    ${fieldError('restaurantName')}
  </div>
  <div class="row">
    <div class="field">
      <label for="currency">Currency</label>
      <select id="currency" name="currency">
        ${COMMON_CURRENCIES.map(([code, label]) => html`<option value="${code}">${code} — ${label}</option>`)}
        <option value="other">Other…</option>
      </select>
      <input type="text" id="currencyOther" name="currencyOther" maxlength="3" placeholder="ISO code, e.g. THB" aria-label="Other currency code" hidden style="margin-top:8px">
      ${fieldError('currency')}
    </div>
    <div class="field">
      <label for="timeZone">Time zone</label>
      <select id="timeZone" name="timeZone">
        ${timeZoneChoices().map((zone) => html`<option value="${zone}">${zone.replaceAll('_', ' ')}</option>`)}
      </select>
      ${fieldError('timeZone')}
    </div>
  </div>
  <div class="row">
    <div class="field">
      <label for="dayStartHour">Business day starts at</label>
      <select id="dayStartHour" name="dayStartHour">
        ${Array.from({ length: 24 }, (_, h) => html`<option value="${h}"${h === 4 ? ' selected' : ''}>${hourLabel(h)}</option>`)}
      </select>
      <p class="hint">Sales before this hour count for the day before, so a bar closing at 2 am stays on one day's report.</p>
      ${fieldError('dayStartHour')}
    </div>
    <div class="field">
      <label for="serviceChargePercent">Service charge</label>
      <div class="suffix"><input type="number" id="serviceChargePercent" name="serviceChargePercent" value="0" min="0" max="50" step="0.01" inputmode="decimal"></div>
      <p class="hint">Added to dine-in bills. 0 for none.</p>
      ${fieldError('serviceChargeBp')}
    </div>
  </div>
  <div class="field">
    <span class="label" id="taxModeLabel">Menu prices and tax</span>
    <div class="choices" role="radiogroup" aria-labelledby="taxModeLabel">
      <label class="choice"><input type="radio" name="taxMode" value="inclusive" checked>
        <div><strong>Prices include tax</strong><span>A dish listed at 12.00 costs the guest 12.00; the bill shows the tax inside it. Usual in Europe.</span></div></label>
      <label class="choice"><input type="radio" name="taxMode" value="exclusive">
        <div><strong>Tax is added on top</strong><span>A dish listed at 12.00 costs 12.00 plus tax on the bill. Usual in the US and Canada.</span></div></label>
    </div>
    ${fieldError('taxMode')}
  </div>
  <div class="field">
    <label for="discountLimitPercent">Discounts a waiter may give alone, up to</label>
    <div class="suffix"><input type="number" id="discountLimitPercent" name="discountLimitPercent" value="10" min="0" max="100" step="0.01" inputmode="decimal"></div>
    <p class="hint">A bigger discount needs a manager's PIN.</p>
    ${fieldError('discountLimitBp')}
  </div>
</section>`;
}

function ownerCard() {
  return html`
<section class="card" aria-labelledby="h-owner">
  <h2 id="h-owner">You, the owner</h2>
  <p class="hint">The owner can change everything. Staff sign in on tablets with their own 4–6 digit PIN.</p>
  <div class="field">
    <label for="ownerName">Your name</label>
    <input type="text" id="ownerName" name="ownerName" maxlength="80" autocomplete="name">
    ${fieldError('ownerName')}
  </div>
  <div class="row">
    <div class="field">
      <label for="ownerPin">PIN (4–6 digits)</label>
      <input type="password" id="ownerPin" name="ownerPin" inputmode="numeric" maxlength="6" autocomplete="new-password">
      ${fieldError('ownerPin')}
    </div>
    <div class="field">
      <label for="ownerPinConfirm">PIN again</label>
      <input type="password" id="ownerPinConfirm" name="ownerPinConfirm" inputmode="numeric" maxlength="6" autocomplete="new-password">
      ${fieldError('ownerPinConfirm')}
    </div>
  </div>
</section>`;
}

function doneSection() {
  return html`
<section id="done" class="card" hidden aria-live="polite">
  <div class="banner ok">Set up — you are signed in as owner</div>
  <h2 id="done-name"></h2>
  <p>This browser is now paired with the box and signed in as <strong id="done-owner"></strong>. Keep it for the back office.</p>
  <p class="hint">Next: add staff and pair tablets from the box's console with <code>npm run cli -- help</code>, or through the API.</p>
  <p class="hint">Each tablet: open <a href="/certificate">Secure address for tablets</a> on it once, so the waiter app keeps working while the box restarts.</p>
  <nav class="links"><a href="/docs">API docs</a><a href="/healthz">Health check</a><a href="/app/">Waiter app</a><a href="/status">Box status</a></nav>
</section>`;
}

/**
 * GET / before set-up: the first-run form. Its script (client/setup/main.ts) posts JSON to /setup
 * and shows the API's errors by field.
 */
export function setupPage(scriptUrl: string) {
  const body = html`
<p class="lead" id="intro">Welcome. Set up this box once: your restaurant and your owner PIN. It takes a minute.</p>
<div id="banner" class="banner bad" role="alert" hidden></div>
<form id="setup-form" novalidate>
  ${restaurantCard()}
  ${ownerCard()}
  <button type="submit" id="submit">Set up the restaurant</button>
</form>
${doneSection()}`;
  return layout('Set up Brigade', body, scriptUrl);
}
