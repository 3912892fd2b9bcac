/**
 * Style and script of the owners' webhook pages (page.ts). The script only calls the
 * /api/webhooks routes (which validate everything) and reloads the page with what they answered.
 */
export const WEBHOOKS_CSS = `
main{max-width:1000px;margin:2vh auto;padding:20px 24px}
@media (max-width:640px){main{margin:0;border-radius:0;padding:12px}}
h2{font-size:1.1rem;margin:26px 0 8px}a{color:#1f5f3f}.hint{color:#5b6570;font-size:14px;margin:0 0 10px}
.wh button{width:auto;margin:0;padding:8px 14px}button.ghost{background:#fff;color:#1f5f3f;border:1px solid #1f5f3f}button.danger{background:#fff;color:#8a1c1c;border:1px solid #d9b8b8}
.card{border:1px solid #e3e0d8;border-radius:10px;padding:12px;margin:0 0 14px;background:#fcfbf8}
.card .url{font-weight:600;overflow-wrap:anywhere}.meta{font-size:14px;color:#5b6570;margin:4px 0 8px;overflow-wrap:anywhere}
.actions{display:flex;gap:8px;flex-wrap:wrap;align-items:center}.result{font-size:14px}
.events{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:0 12px;margin:6px 0 10px}
label.check{display:flex;align-items:center;font-weight:500;font-size:14px;margin:0;padding:6px 0}input[type=checkbox]{width:auto;margin:0 6px 0 0}
select{width:100%;padding:9px 8px;font:inherit;border:1px solid #b9c0c7;border-radius:8px;background:#fff}
.secret{margin:10px 0;padding:10px 12px;background:#eef6f0;border-radius:8px;overflow-wrap:anywhere;font-family:ui-monospace,monospace;font-size:14px}
table{width:100%;border-collapse:collapse;font-size:14px}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e3e0d8;vertical-align:top}
td.attempts{font-family:ui-monospace,monospace;font-size:13px}
.delivered{color:#1f5f3f}.pending{color:#8a6a1c}.dead{color:#8a1c1c}
@media (max-width:640px){table,tbody,tr,td{display:block}thead{display:none}tr{border-bottom:1px solid #d8d4ca;padding:6px 0}td{border:0;padding:2px 0}}
`;

export const WEBHOOKS_SCRIPT = `(() => {
  const error = document.getElementById('error');
  const fail = (body) => {
    const details = body && body.error && Array.isArray(body.error.details) ? ' ' + body.error.details.map((d) => d.message).filter(Boolean).join(' ') : '';
    error.textContent = ((body && body.error && body.error.message) || 'Something went wrong; try again.') + (details.trim() && !String(body.error.message).includes(details.trim()) ? details : '');
    error.hidden = false;
  };
  const call = async (method, url, body) => {
    const res = await fetch(url, { method, credentials: 'same-origin', headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let data = null; try { data = text ? JSON.parse(text) : null; } catch {}
    return { ok: res.ok, data };
  };
  const form = document.getElementById('create');
  let id = null;
  if (form) form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    if (button.disabled) return;
    button.disabled = true; error.hidden = true;
    id = id || crypto.randomUUID();
    const events = Array.from(form.querySelectorAll('input[name=event]:checked'), (i) => i.value);
    try {
      const r = await call('POST', '/api/webhooks/subscriptions', { id, url: form.elements.url.value.trim(), events, format: form.elements.format.value, description: form.elements.description.value });
      if (r.ok) {
        id = null;
        const box = document.getElementById('new-secret');
        box.querySelector('code').textContent = r.data.secret;
        box.hidden = false; form.reset();
        document.getElementById('list-note').textContent = 'Saved. Reload to see it in the list.';
      } else fail(r.data);
    } catch { fail(null); }
    button.disabled = false;
  });
  document.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-act]');
    if (!button || button.disabled) return;
    const act = button.dataset.act;
    const out = button.parentElement.querySelector('.result');
    if (act === 'delete' && !confirm('Delete this subscription and its delivery log?')) return;
    button.disabled = true; error.hidden = true;
    try {
      const r = act === 'test' ? await call('POST', '/api/webhooks/subscriptions/' + button.dataset.id + '/test')
        : act === 'replay' ? await call('POST', '/api/webhooks/deliveries/' + button.dataset.id + '/replay')
        : act === 'rotate' ? await call('POST', '/api/webhooks/subscriptions/' + button.dataset.id + '/rotate-secret', { overlapHours: 24 })
        : act === 'pause' || act === 'resume' ? await call('PATCH', '/api/webhooks/subscriptions/' + button.dataset.id, { active: act === 'resume' })
        : await call('DELETE', '/api/webhooks/subscriptions/' + button.dataset.id);
      if (!r.ok) fail(r.data);
      else if (act === 'test' || act === 'replay') out.textContent = r.data.ok ? 'Answered ' + r.data.statusCode + ' in ' + r.data.durationMs + ' ms.' : 'Failed: ' + r.data.error + ' (' + r.data.durationMs + ' ms).';
      else if (act === 'rotate') out.textContent = 'New secret (shown once; the old one signs too for 24 h): ' + r.data.secret;
      else location.reload();
    } catch { fail(null); }
    button.disabled = false;
  });
})();`;
