/**
 * The set-up page's browser script, sent inline. Plain ES2017 (no build step, no template literals
 * so it can live in this TS string). The API is the only validator: the script checks just what
 * the API cannot know — that the PIN was typed the same twice.
 */
export const SETUP_SCRIPT = String.raw`
(function () {
  'use strict';
  var form = document.getElementById('setup-form');
  var banner = document.getElementById('banner');
  var submit = document.getElementById('submit');
  var currency = document.getElementById('currency');
  var currencyOther = document.getElementById('currencyOther');
  var zone = document.getElementById('timeZone');

  // Default to the browser's own time zone; add it if the box's list names it differently.
  var here = '';
  try { here = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) { here = ''; }
  if (here) {
    var found = Array.prototype.some.call(zone.options, function (o) { return o.value === here; });
    if (!found) { var opt = document.createElement('option'); opt.value = here; opt.textContent = here; zone.appendChild(opt); }
    zone.value = here;
  }

  currency.addEventListener('change', function () {
    currencyOther.hidden = currency.value !== 'other';
    if (!currencyOther.hidden) currencyOther.focus();
  });

  function fieldFor(path) {
    var map = { currency: currency.value === 'other' ? 'currencyOther' : 'currency',
      serviceChargeBp: 'serviceChargePercent', discountLimitBp: 'discountLimitPercent' };
    return document.getElementById(map[path] || path);
  }

  function clearErrors() {
    banner.hidden = true; banner.textContent = '';
    Array.prototype.forEach.call(document.querySelectorAll('.field-error'), function (p) { p.hidden = true; p.textContent = ''; });
    Array.prototype.forEach.call(document.querySelectorAll('[aria-invalid]'), function (el) { el.removeAttribute('aria-invalid'); });
  }

  function showError(path, message) {
    var p = document.getElementById('err-' + path);
    if (!p) { showBanner(message); return null; }
    var input = fieldFor(path);
    // The API's own words for an empty field are for programmers; say it plainly when the box was left empty.
    var empty = input && typeof input.value === 'string' && input.value.trim() === '';
    p.textContent = empty ? 'Please fill this in.' : message; p.hidden = false;
    if (input) input.setAttribute('aria-invalid', 'true');
    return input || p;
  }

  function showBanner(message) {
    banner.textContent = banner.textContent ? banner.textContent + ' ' + message : message;
    banner.hidden = false;
  }

  // Percent as typed ("12.5") to basis points (1250). Empty means 0; anything else unparseable is sent as
  // null so the API names the field.
  function basisPoints(id) {
    var raw = document.getElementById(id).value.trim().replace(',', '.');
    if (raw === '') return 0;
    var n = Number(raw);
    return isFinite(n) ? Math.round(n * 100) : null;
  }

  function body() {
    var tax = form.querySelector('input[name=taxMode]:checked');
    return {
      restaurantName: form.restaurantName.value,
      currency: currency.value === 'other' ? currencyOther.value.trim().toUpperCase() : currency.value,
      timeZone: zone.value,
      dayStartHour: Number(form.dayStartHour.value),
      taxMode: tax ? tax.value : '',
      serviceChargeBp: basisPoints('serviceChargePercent'),
      discountLimitBp: basisPoints('discountLimitPercent'),
      ownerName: form.ownerName.value,
      ownerPin: form.ownerPin.value
    };
  }

  function focusFirst(el) { if (el && el.focus) { el.focus(); if (el.scrollIntoView) el.scrollIntoView({ block: 'center' }); } }

  function succeed(result) {
    localStorage.setItem('brigade.deviceToken', result.device.token);
    localStorage.setItem('brigade.sessionToken', result.session.token);
    form.hidden = true;
    document.getElementById('intro').hidden = true;
    document.getElementById('done-name').textContent = result.restaurant.name;
    document.getElementById('done-owner').textContent = result.owner.name;
    document.getElementById('done').hidden = false;
    document.querySelector('h1').textContent = 'Brigade';
    window.scrollTo(0, 0);
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    clearErrors();
    if (form.ownerPin.value !== form.ownerPinConfirm.value) {
      focusFirst(showError('ownerPinConfirm', 'The two PINs are different. Type the same PIN twice.'));
      return;
    }
    submit.disabled = true; submit.textContent = 'Setting up…';
    fetch('/setup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body()) })
      .then(function (res) { return res.json().then(function (json) { return { ok: res.ok, json: json }; }); })
      .then(function (r) {
        if (r.ok) { succeed(r.json); return; }
        var err = (r.json && r.json.error) || { message: 'The box answered with an error.' };
        var details = Array.isArray(err.details) ? err.details : [];
        var first = null;
        details.forEach(function (d) { var el = showError(d.path, d.message); first = first || el; });
        if (details.length === 0) showBanner(err.message);
        focusFirst(first || banner);
      })
      .catch(function () { showBanner('Could not reach the box. Check the connection and try again.'); focusFirst(banner); })
      .then(function () { submit.disabled = false; submit.textContent = 'Set up the restaurant'; });
  });
})();
`;
