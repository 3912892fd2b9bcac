/**
 * Script and extra style of the platform connections page (./page.ts); the base style is the
 * webhook pages' (the same cards, buttons and tables). The script only calls the connection routes
 * (./connection-routes.ts, which validate everything) and reloads with what they answered; a
 * secret the cloud made is shown once, in place, and never again.
 */
export const PLATFORMS_CSS = `
.loc{margin:0 0 28px}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:0 14px}
.refused{font-size:13px;margin:6px 0 8px}.refused td{padding:3px 6px}.bad{color:#8a1c1c}.ok{color:#1f5f3f}.paused{color:#8a6a1c}
code.url{font-size:13px;overflow-wrap:anywhere}details{margin:6px 0 0}summary{cursor:pointer;font-weight:600;padding:6px 0}
`;

export const PLATFORMS_SCRIPT = `(() => {
  const error = document.getElementById('error');
  const fail = (body) => {
    const details = body && body.error && Array.isArray(body.error.details) ? body.error.details.map((d) => (d.path ? d.path + ': ' : '') + d.message).join(' ') : '';
    error.textContent = ((body && body.error && body.error.message) || 'Something went wrong; try again.') + (details ? ' ' + details : '');
    error.hidden = false;
    error.scrollIntoView({ block: 'nearest' });
  };
  const call = async (method, url, body) => {
    const res = await fetch(url, { method, credentials: 'same-origin', headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let data = null; try { data = text ? JSON.parse(text) : null; } catch {}
    return { ok: res.ok, data };
  };
  const showSecret = (box, secret) => { box.querySelector('code').textContent = secret; box.hidden = false; };
  for (const form of document.querySelectorAll('form.connect')) form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    if (button.disabled) return;
    button.disabled = true; error.hidden = true;
    const f = form.elements;
    const body = { platform: f.platform.value, autoAccept: f.autoAccept.checked, prepMinutes: Number(f.prepMinutes.value) };
    if (f.secret.value.trim()) body.secret = f.secret.value.trim();
    if (f.storeRef.value.trim()) body.storeRef = f.storeRef.value.trim();
    if (f.apiUrl.value.trim()) body.apiUrl = f.apiUrl.value.trim();
    if (f.apiToken.value.trim()) body.apiToken = f.apiToken.value.trim();
    try {
      const r = await call('POST', '/api/locations/' + encodeURIComponent(form.dataset.location) + '/platforms', body);
      if (!r.ok) fail(r.data);
      else if (r.data.secret) { showSecret(form.parentElement.querySelector('.secret'), r.data.secret); form.reset(); form.querySelector('.saved').textContent = 'Connected. Reload to see it in the list.'; }
      else location.reload();
    } catch { fail(null); }
    button.disabled = false;
  });
  document.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-act]');
    if (!button || button.disabled) return;
    const act = button.dataset.act;
    const base = '/api/locations/' + encodeURIComponent(button.dataset.location) + '/platforms/' + encodeURIComponent(button.dataset.platform);
    if (act === 'delete' && !confirm('Disconnect ' + button.dataset.platform + '? Its orders are refused from now on.')) return;
    if (act === 'rotate' && !confirm('Replace the secret now? Requests signed with the old one are refused at once: give the new one to the platform.')) return;
    button.disabled = true; error.hidden = true;
    try {
      const r = act === 'rotate' ? await call('POST', base + '/rotate-secret', {})
        : act === 'delete' ? await call('DELETE', base)
        : await call('PUT', base, { enabled: act === 'resume' });
      if (!r.ok) fail(r.data);
      else if (act === 'rotate') showSecret(button.closest('.card').querySelector('.secret'), r.data.secret);
      else location.reload();
    } catch { fail(null); }
    button.disabled = false;
  });
})();`;
