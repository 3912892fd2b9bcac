/**
 * The central menu editor's one script (inline, no framework). The rows are server-rendered
 * (editor-html.ts); this adds and removes rows by cloning their <template>s, reads the rows back
 * into the box's menu document on Save (PUT /api/menus/:id with expectedVersion), publishes
 * (POST /api/menus/:id/publish), saves a location's mode and overrides
 * (PUT /api/menus/locations/:id), and refreshes the per-location state from /api/menus/status.
 *
 * The API judges every value: the script only turns "12.50" into 1250 and "5.5" into 550, and
 * shows each problem the API names (path + field) next to that row's field.
 * One Idempotency-Key per user action: a second tap while it is on its way is ignored (buttons
 * are disabled), and a retry of the same action after a lost answer sends the same key.
 */
export const EDITOR_SCRIPT = String.raw`(() => {
  const $ = (s, r) => (r || document).querySelector(s);
  const $$ = (s, r) => Array.from((r || document).querySelectorAll(s));
  const data = JSON.parse($('#menu-data').textContent);
  const error = $('#error');
  const note = $('#note');
  let dirty = false;
  let busy = false;
  const say = (m) => { note.textContent = m; };
  const fail = (m) => { error.textContent = m; error.hidden = false; };
  const dirtyNow = () => { dirty = true; say('Unsaved changes'); };

  // ---------- rows ----------
  const own = (row, field) => row.querySelector(':scope > .fields [data-field="' + field + '"]');
  const text = (row, field) => own(row, field).value.trim();
  const on = (row, field) => own(row, field).checked;
  const kept = (row) => JSON.parse(row.dataset.keep || '{}');
  const groupNames = () => $$('#groups > .group').map((g) => text(g, 'name')).filter(Boolean);
  const syncChoices = (renamed) => {
    const names = groupNames();
    $$('.item .choices').forEach((box) => {
      let chosen = $$('input:checked', box).map((i) => i.value);
      if (renamed) chosen = chosen.map((n) => (n === renamed.from ? renamed.to : n));
      box.replaceChildren(...names.map((n) => {
        const label = document.createElement('label'); label.className = 'check';
        const input = document.createElement('input'); input.type = 'checkbox'; input.value = n; input.checked = chosen.includes(n);
        label.append(input, ' ' + n); return label;
      }));
    });
  };
  const itemPairs = () => $$('#categories > .cat').flatMap((c) => $$(':scope > .items > .item', c).map((i) => [text(c, 'name'), text(i, 'name')]));
  const syncPicker = (select) => {
    const current = select.value;
    const pairs = itemPairs().filter((p) => p[0] && p[1]);
    const options = [new Option('choose an item', '')].concat(pairs.map((p) => new Option(p[0] + ' \u203a ' + p[1], JSON.stringify(p))));
    if (current && !pairs.some((p) => JSON.stringify(p) === current)) options.push(new Option(JSON.parse(current).join(' \u203a '), current));
    select.replaceChildren(...options);
    select.value = current;
  };
  const add = (template, into) => {
    const row = $('#' + template).content.firstElementChild.cloneNode(true);
    into.appendChild(row);
    $$('select[data-field="item"]', row).forEach(syncPicker);
    if (row.closest('#editor')) { syncChoices(); dirtyNow(); }
    const first = row.querySelector('input, select'); if (first) first.focus();
  };

  // ---------- amounts: syntax here, values judged by the API ----------
  const scaled = (t, digits, signed) => {
    const m = (signed ? /^(-)?(\d{1,12})(?:\.(\d+))?$/ : /^()(\d{1,12})(?:\.(\d+))?$/).exec(t.trim());
    if (!m) return undefined;
    const frac = m[3] || '';
    const n = frac.length <= digits ? Number(m[2] + frac.padEnd(digits, '0')) : Number(m[2] + frac.slice(0, digits) + '.' + frac.slice(digits));
    return m[1] ? -n : n;
  };

  // ---------- reading the rows back ----------
  const collect = () => {
    const where = new Map();
    const local = [];
    const amount = (row, field, digits, example) => {
      const v = scaled(text(row, field), digits, true);
      if (v === undefined) local.push({ row, field, reason: 'Write it like ' + example + '.' });
      return v;
    };
    const whole = (row, field) => { const t = text(row, field); if (t === '') return undefined; const v = scaled(t, 0, true); if (v === undefined) local.push({ row, field, reason: 'Write a whole number, or leave it empty.' }); return v; };
    const categories = $$('#categories > .cat').map((cat, ci) => {
      where.set('categories[' + ci + ']', cat);
      const items = $$(':scope > .items > .item', cat).map((it, ii) => {
        where.set('categories[' + ci + '].items[' + ii + ']', it);
        return Object.assign(kept(it), {
          name: text(it, 'name'), price: amount(it, 'price', data.digits, '12.50'), taxRateBp: amount(it, 'taxRateBp', 2, '10 or 5.5'),
          station: text(it, 'station'), description: text(it, 'description'), imageUrl: text(it, 'imageUrl') || null,
          available: on(it, 'available'), optionGroups: $$(':scope > .fields .choices input:checked', it).map((i) => i.value),
        });
      });
      return Object.assign(kept(cat), { name: text(cat, 'name'), items });
    });
    const optionGroups = $$('#groups > .group').map((g, gi) => {
      where.set('optionGroups[' + gi + ']', g);
      const options = $$(':scope > .options > .option', g).map((o, oi) => {
        where.set('optionGroups[' + gi + '].options[' + oi + ']', o);
        return Object.assign(kept(o), { name: text(o, 'name'), priceDelta: amount(o, 'priceDelta', data.digits, '0.50 or -0.50'), available: on(o, 'available') });
      });
      const group = Object.assign(kept(g), { name: text(g, 'name'), selection: own(g, 'selection').value, required: on(g, 'required'), options });
      const min = whole(g, 'minSelect'); const max = whole(g, 'maxSelect');
      if (min !== undefined) group.minSelect = min; else delete group.minSelect;
      if (max !== undefined) group.maxSelect = max; else delete group.maxSelect;
      return group;
    });
    return { document: Object.assign({}, data.top, { categories, optionGroups }), where, local };
  };

  // ---------- problems next to their field ----------
  const clearProblems = () => {
    error.hidden = true;
    $$('.problem').forEach((p) => { p.hidden = true; p.textContent = ''; });
    $$('[aria-invalid]').forEach((i) => i.removeAttribute('aria-invalid'));
  };
  const showAt = (row, field, reason) => {
    const key = String(field || '').split('.')[0];
    const input = key ? own(row, key) : null;
    if (input) input.setAttribute('aria-invalid', 'true');
    const label = input && input.closest('label, fieldset');
    const name = label ? (label.querySelector('span, legend') || label).textContent.trim() + ': ' : '';
    const p = row.querySelector(':scope > .problem');
    p.textContent = (p.textContent ? p.textContent + ' ' : '') + name + reason;
    p.hidden = false;
  };
  const showProblems = (problems, rowFor) => {
    const loose = [];
    problems.forEach((d) => { const row = rowFor(d.path || ''); if (row) showAt(row, d.field || d.subField, d.reason || d.message); else loose.push((d.path ? d.path + ': ' : '') + (d.reason || d.message)); });
    if (loose.length) fail(loose.join(' '));
    const first = $('.problem:not([hidden])');
    if (first) first.scrollIntoView({ block: 'center' });
  };

  // ---------- talking to the API ----------
  const keys = new Map();
  const newKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (x) => x.toString(16).padStart(2, '0')).join('');
  const request = async (method, url, body) => {
    const payload = JSON.stringify(body);
    const action = method + ' ' + url + ' ' + payload;
    if (!keys.has(action)) keys.set(action, newKey());
    const res = await fetch(url, { method, headers: { 'content-type': 'application/json', 'idempotency-key': keys.get(action) }, body: payload, credentials: 'same-origin' });
    keys.delete(action);
    const answer = await res.json().catch(() => null);
    if (res.ok) return answer;
    const e = (answer && answer.error) || { code: 'HTTP_' + res.status, message: 'Something went wrong (' + res.status + ').' };
    throw Object.assign(new Error(e.message), { api: e });
  };
  const run = async (job) => {
    if (busy) return;
    busy = true;
    $$('.bar button, [data-act="save-location"]').forEach((b) => { b.disabled = true; });
    clearProblems();
    try { await job(); } catch (e) {
      if (e.api) fail(e.api.message); else fail('The service cannot be reached; check the connection and try again (nothing is sent twice).');
    }
    busy = false;
    $$('.bar button, [data-act="save-location"]').forEach((b) => { b.disabled = false; });
  };

  const save = async () => {
    const { document: doc, where, local } = collect();
    if (local.length) { local.forEach((p) => showAt(p.row, p.field, p.reason)); showProblems([], () => null); fail('Some fields need a fix before saving; see the messages next to them.'); return false; }
    try {
      const saved = await request('PUT', '/api/menus/' + data.id, { document: doc, expectedVersion: data.version });
      data.version = saved.version; dirty = false;
      $('#draft-version').textContent = String(saved.version);
      say('Saved as draft version ' + saved.version);
      return true;
    } catch (e) {
      if (e.api && e.api.code === 'IMPORT_INVALID' && Array.isArray(e.api.details)) {
        showProblems(e.api.details, (path) => where.get(path));
        fail(e.api.message + ' See the messages next to the fields.');
        return false;
      }
      throw e;
    }
  };

  const dateText = (iso) => (iso ? iso.replace('T', ' ').slice(0, 19) + ' UTC' : '\u2014');
  const refreshStatus = async () => {
    const res = await fetch('/api/menus/status', { credentials: 'same-origin' });
    if (!res.ok) return [];
    const { locations } = await res.json();
    locations.forEach((s) => {
      const card = $('.loc[data-location="' + s.locationId + '"]');
      if (!card) return;
      $('.mode', card).textContent = s.mode === 'local' ? 'local menu (not published to)' : 'central';
      $('.live', card).textContent = s.live ? 'v' + s.live.menuVersion + ', applied ' + dateText(s.live.appliedAt) : '\u2014';
      const latest = $('.latest', card);
      latest.className = 'latest ' + (s.latest ? s.latest.status : '');
      latest.textContent = s.latest ? 'v' + s.latest.menuVersion + ' ' + s.latest.status + (s.latest.errorCode ? ' (' + s.latest.errorCode + ': ' + (s.latest.errorMessage || '') + ')' : '') : '\u2014';
    });
    return locations;
  };
  // After a publish, watch until every box has answered (or a minute has passed): applied, or refused and why.
  const watch = async (ids, version) => {
    for (let i = 0; i < 60; i++) {
      const locations = await refreshStatus().catch(() => []);
      const open = locations.filter((s) => ids.includes(s.locationId) && s.mode === 'central' && (!s.latest || s.latest.menuVersion < version || s.latest.status === 'pending'));
      if (locations.length && open.length === 0) { say('Version ' + version + ': every box answered; see each location.'); return; }
      await new Promise((r) => setTimeout(r, 1000));
    }
  };
  const publish = async () => {
    const ids = $$('input[name="publish-to"]:checked').map((i) => i.value);
    if (ids.length === 0) { fail('Tick "Publish here" on at least one location below.'); return; }
    if (dirty && !(await save())) return;
    const result = await request('POST', '/api/menus/' + data.id + '/publish', { locationIds: ids });
    $('#published-version').textContent = String(result.menuVersion);
    const skipped = result.deliveries.filter((d) => d.skipped).length;
    say('Published version ' + result.menuVersion + (skipped ? ' (' + skipped + ' location(s) on a local menu skipped)' : '') + '; waiting for the boxes\u2026');
    watch(ids, result.menuVersion);
  };
  const saveLocation = async (card) => {
    const overrides = [];
    const local = [];
    $$(':scope > .overrides > .override', card).forEach((row) => {
      const item = own(row, 'item').value;
      if (!item) { local.push({ row, field: 'item', reason: 'Choose an item, or remove this override.' }); return; }
      const [category, name] = JSON.parse(item);
      const o = { category, item: name };
      if (text(row, 'price') !== '') { const v = scaled(text(row, 'price'), data.digits, true); if (v === undefined) local.push({ row, field: 'price', reason: 'Write it like 12.50, or leave it empty.' }); else o.price = v; }
      if (own(row, 'available').value) o.available = own(row, 'available').value === 'true';
      if (text(row, 'station')) o.station = text(row, 'station');
      overrides.push(o);
    });
    if (local.length) { local.forEach((p) => showAt(p.row, p.field, p.reason)); return; }
    try {
      await request('PUT', '/api/menus/locations/' + card.dataset.location, { mode: own(card, 'mode').value, overrides });
      say('Saved the settings of ' + $('.head strong', card).textContent + '; they apply from its next publish.');
      await refreshStatus();
    } catch (e) {
      if (e.api && e.api.code === 'VALIDATION_FAILED' && Array.isArray(e.api.details)) {
        const rows = $$(':scope > .overrides > .override', card);
        // "overrides.0.price" → the first override's price.
        showProblems(e.api.details.map((d) => { const m = /^overrides\.(\d+)\.?(.*)$/.exec(d.path || ''); return m ? { path: m[1], field: m[2], message: d.message } : d; }),
          (path) => (/^\d+$/.test(path) ? rows[Number(path)] : null));
        return;
      }
      throw e;
    }
  };

  // ---------- wiring ----------
  document.addEventListener('click', (event) => {
    const b = event.target.closest('button[data-act]');
    if (!b) return;
    const act = b.dataset.act;
    if (act === 'add-category') add('tpl-category', $('#categories'));
    else if (act === 'add-item') add('tpl-item', $(':scope > .items', b.closest('.cat')));
    else if (act === 'add-group') add('tpl-group', $('#groups'));
    else if (act === 'add-option') add('tpl-option', $(':scope > .options', b.closest('.group')));
    else if (act === 'add-override') add('tpl-override', $(':scope > .overrides', b.closest('.loc')));
    else if (act === 'remove') { const row = b.closest('[data-row]'); const inEditor = !!row.closest('#editor'); row.remove(); if (inEditor) { syncChoices(); dirtyNow(); } }
    else if (act === 'save') run(save);
    else if (act === 'publish') run(publish);
    else if (act === 'save-location') run(() => saveLocation(b.closest('.loc')));
  });
  document.addEventListener('input', (event) => {
    const t = event.target;
    if (!t.closest('#editor')) return;
    dirtyNow();
    if (t.dataset.field === 'name' && t.closest('.group') && t.closest('[data-row]').classList.contains('group')) {
      syncChoices({ from: t.dataset.prev, to: t.value.trim() }); t.dataset.prev = t.value.trim();
    }
  });
  document.addEventListener('change', (event) => { if (event.target.closest('#editor')) dirtyNow(); });
  document.addEventListener('focusin', (event) => { if (event.target.matches('select[data-field="item"]')) syncPicker(event.target); });
  window.addEventListener('beforeunload', (event) => { if (dirty) event.preventDefault(); });
})();`;
