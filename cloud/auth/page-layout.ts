/** The shell of the cloud's small pages: inline styles and script, nothing fetched from elsewhere. */
import type { Context } from 'hono';
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const CSS = `
*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d232a;background:#f3f1ec}
main{max-width:400px;margin:10vh auto;padding:28px;background:#fff;border-radius:12px;box-shadow:0 1px 3px #0002}
h1{font-size:1.35rem;margin:0 0 4px}p.sub{margin:0 0 20px;color:#5b6570}
label{display:block;font-weight:600;margin:14px 0 4px}input{width:100%;padding:10px 12px;font:inherit;border:1px solid #b9c0c7;border-radius:8px}
input:focus{outline:2px solid #2d6cdf;border-color:#2d6cdf}button{margin-top:20px;width:100%;padding:11px;font:inherit;font-weight:600;color:#fff;background:#1f5f3f;border:0;border-radius:8px;cursor:pointer}
button:disabled{opacity:.6}.error{margin-top:14px;padding:10px 12px;color:#8a1c1c;background:#fdecec;border-radius:8px}.brand{font-weight:800;color:#1f5f3f;letter-spacing:.04em;margin-bottom:18px}
`;

/** A page; `script` runs inline at the end of the body. */
export function page(title: string, body: Html, script = ''): Html {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Brigade</title><style>${raw(CSS)}</style></head>
<body><main><div class="brand">BRIGADE</div>${body}</main>${script ? html`<script>${raw(script)}</script>` : ''}</body></html>`;
}

/**
 * Headers for pages that handle credentials: no framing (clickjacking), nothing but this origin,
 * no caching, and no Referer — the invitation token is in the URL.
 */
export function secureHeaders(c: Context): void {
  c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-store');
  c.header('X-Frame-Options', 'DENY');
}

/** Posts the form's fields as JSON to `url`; on success goes to `/`, else shows the error's message. */
export function formScript(formId: string, url: string, extra: Record<string, string> = {}): string {
  return `(() => {
  const form = document.getElementById(${JSON.stringify(formId)});
  const error = document.getElementById('error');
  const extra = ${JSON.stringify(extra)};
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button');
    const data = Object.fromEntries(new FormData(form));
    if (data.passwordAgain !== undefined) {
      if (data.passwordAgain !== data.password) { error.textContent = 'The two passwords are different.'; error.hidden = false; return; }
      delete data.passwordAgain;
    }
    button.disabled = true; error.hidden = true;
    try {
      const res = await fetch(${JSON.stringify(url)}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...data, ...extra }), credentials: 'same-origin' });
      if (res.ok) { location.assign('/'); return; }
      const body = await res.json().catch(() => null);
      error.textContent = (body && body.error && body.error.message) || 'Something went wrong; try again.';
    } catch { error.textContent = 'The service cannot be reached; check your connection and try again.'; }
    error.hidden = false; button.disabled = false;
  });
})();`;
}
