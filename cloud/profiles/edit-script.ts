/**
 * The profile form's script: reads the form into the PUT body, sends it with the version the page
 * was loaded with, and shows the API's refusal next to the form (nothing is saved then). Hours are
 * typed per day as "12:00-14:30, 19:00-02:00" (a close before the open runs past midnight).
 */
export const PROFILE_SCRIPT = `(() => {
  const form = document.getElementById('profile');
  const error = document.getElementById('error');
  const note = document.getElementById('note');
  const data = JSON.parse(document.getElementById('profile-data').textContent);
  let version = data.version;
  const lines = (s) => s.split(/[\\n,]+/).map((x) => x.trim()).filter(Boolean);
  const num = (s) => s.trim() === '' ? NaN : Number(s);
  function hoursOf(text, day) {
    const out = [];
    for (const part of lines(text)) {
      const m = /^(\\d{1,2}:\\d{2})\\s*[-–]\\s*(\\d{1,2}:\\d{2})$/.exec(part);
      if (!m) throw new Error('Hours on ' + day + ': write ranges like 12:00-14:30, 19:00-23:00.');
      const pad = (t) => t.padStart(5, '0');
      out.push({ open: pad(m[1]), close: pad(m[2]) });
    }
    return out;
  }
  function body() {
    const f = form.elements;
    const hours = {};
    for (const day of data.weekdays) hours[day] = hoursOf(f['hours-' + day].value, f['hours-' + day].dataset.label);
    const b = {
      expectedVersion: version, slug: f.slug.value.trim(), name: f.name.value,
      address: { street: f.street.value, postcode: f.postcode.value, city: f.city.value, country: f.country.value.trim().toUpperCase() },
      lat: num(f.lat.value), lon: num(f.lon.value),
      cuisines: Array.from(form.querySelectorAll('input[name="cuisine"]:checked'), (x) => x.value),
      priceRange: Number(f.priceRange.value), photos: lines(f.photos.value.replace(/,/g, '\\n')), hours,
      closedDates: lines(f.closedDates.value), phone: f.phone.value.trim() || null,
      booking: { minParty: num(f.minParty.value), maxParty: num(f.maxParty.value), maxDaysAhead: num(f.maxDaysAhead.value) },
      published: f.published.checked,
    };
    if (f.timeZone && f.timeZone.value.trim()) b.timeZone = f.timeZone.value.trim();
    return b;
  }
  function show(message, details) {
    error.textContent = '';
    error.append(message);
    if (Array.isArray(details) && details.length) {
      const ul = document.createElement('ul');
      for (const d of details) { const li = document.createElement('li'); li.textContent = (d.path ? d.path + ': ' : '') + d.message; ul.append(li); }
      error.append(ul);
    }
    error.hidden = false;
    error.scrollIntoView({ block: 'nearest' });
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = document.getElementById('save');
    if (button.disabled) return;
    error.hidden = true;
    let payload;
    try { payload = body(); } catch (e) { show(e.message); return; }
    button.disabled = true; note.textContent = 'Saving…';
    try {
      const res = await fetch(data.api, { method: 'PUT', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
      const answer = await res.json().catch(() => null);
      if (res.ok) {
        version = answer.version;
        document.getElementById('version').textContent = String(version);
        const link = document.getElementById('public-link');
        link.href = '/r/' + answer.profile.slug; link.textContent = '/r/' + answer.profile.slug;
        link.parentElement.hidden = !answer.profile.published;
        note.textContent = 'Saved (version ' + version + ')';
      } else {
        note.textContent = 'Not saved';
        show((answer && answer.error && answer.error.message) || 'Something went wrong; nothing was saved.', answer && answer.error && answer.error.details);
      }
    } catch { note.textContent = 'Not saved'; show('The service cannot be reached; nothing was saved. Try again.'); }
    button.disabled = false;
  });
})();`;
