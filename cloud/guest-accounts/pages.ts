/**
 * The guests' pages (issue 20), in the cloud's page shell (cloud/auth/page-layout.ts): sign up, confirm
 * the email (the mailed link), sign in, forgot / new password; the guest's own page is me-page.ts, and
 * joining a waitlist from a restaurant's page join-page.ts.
 * Each is a form posting JSON to the guest API; the token of a mailed link is read from after `#`, so it
 * never reaches a server log. Phone first: one column, checked at 390×844.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { AuthEnv } from '../auth/middleware.js';
import { page, secureHeaders } from '../auth/page-layout.js';
import { PASSWORD_MIN } from '../auth/schemas.js';
import { joinPage } from './join-page.js';
import { mePage } from './me-page.js';

/**
 * Posts the form as JSON to `url` (with `#token` as `token` when `withHashToken`); then goes to `next`
 * or shows `done` in place of the form; an error's message shows under the form.
 */
function guestForm(formId: string, url: string, after: { next?: string; done?: string; withHashToken?: boolean }): string {
  return `(() => {
  const form = document.getElementById(${JSON.stringify(formId)});
  const error = document.getElementById('error');
  const show = (text) => { error.textContent = text; error.hidden = false; };
  // ?next= brings the guest back where they came from — one of our guest pages only, never another site.
  const nextPage = (fallback) => { const n = new URLSearchParams(location.search).get('next') || ''; return /^\\/guest\\/[A-Za-z0-9_?=&%.-]*$/.test(n) ? n : fallback; };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button');
    const data = Object.fromEntries([...new FormData(form)].filter(([, v]) => v !== ''));
    ${after.withHashToken ? "data.token = location.hash.slice(1);" : ''}
    button.disabled = true; error.hidden = true;
    try {
      const res = await fetch(${JSON.stringify(url)}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data), credentials: 'same-origin' });
      if (res.ok) {
        ${after.next ? `location.assign(nextPage(${JSON.stringify(after.next)})); return;` : `form.outerHTML = '<p class="sub" id="done">' + ${JSON.stringify(after.done ?? 'Done.')} + '</p>'; return;`}
      }
      const body = await res.json().catch(() => null);
      show((body && body.error && body.error.message) || 'Something went wrong; try again.');
    } catch { show('The service cannot be reached; check your connection and try again.'); }
    button.disabled = false;
  });
})();`;
}

const password = (id: string, label: string) => html`<label for="${id}">${label} (at least ${PASSWORD_MIN} characters)</label><input id="${id}" name="password" type="password" autocomplete="new-password" minlength="${PASSWORD_MIN}" required>`;
const errorBox = html`<div id="error" class="error" role="alert" hidden></div>`;

export function createGuestPages(): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.get('/guest/register', (c) => {
    secureHeaders(c);
    return c.html(page('Create your account', html`<h1>Create your account</h1><p class="sub">Join a restaurant's waitlist from wherever you are, and follow your place in line.</p>
<form id="register" novalidate>
  <label for="name">Your name</label><input id="name" name="name" autocomplete="name">
  <label for="email">Email</label><input id="email" name="email" type="email" autocomplete="email" required>
  ${password('password', 'Password')}
  <label for="phone">Phone, with its country code (optional)</label><input id="phone" name="phone" type="tel" autocomplete="tel" placeholder="+33 6 12 34 56 78">
  ${errorBox}<button id="submit" type="submit">Create my account</button>
</form><p class="sub" style="margin-top:16px">Already have one? <a href="/guest/login">Sign in</a></p>`,
    guestForm('register', '/public/accounts/register', { done: 'Almost there: open the link we just mailed you to confirm your address.' })));
  });

  app.get('/guest/verify', (c) => {
    secureHeaders(c);
    return c.html(page('Confirm your email', html`<h1>Confirm your email</h1>
<form id="verify" novalidate><p class="sub">One tap to confirm this address is yours.</p>${errorBox}<button id="submit" type="submit">Confirm my email</button></form>`,
    guestForm('verify', '/public/accounts/verify', { withHashToken: true, done: 'Your email is confirmed. <a href="/guest/me">See my bookings and places in line</a>' })));
  });

  app.get('/guest/login', (c) => {
    secureHeaders(c);
    return c.html(page('Sign in', html`<h1>Sign in</h1><p class="sub">To your places in line and your bookings.</p>
<form id="login" novalidate>
  <label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required>
  <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
  ${errorBox}<button id="submit" type="submit">Sign in</button>
</form><p class="sub" style="margin-top:16px"><a href="/guest/forgot">Forgot your password?</a> · <a href="/guest/register">Create an account</a></p>`,
    guestForm('login', '/public/accounts/login', { next: '/guest/me' })));
  });

  app.get('/guest/forgot', (c) => {
    secureHeaders(c);
    return c.html(page('New password', html`<h1>Forgot your password?</h1><p class="sub">We mail you a link to choose a new one.</p>
<form id="forgot" novalidate><label for="email">Email</label><input id="email" name="email" type="email" autocomplete="email" required>${errorBox}<button id="submit" type="submit">Mail me a link</button></form>`,
    guestForm('forgot', '/public/accounts/password/forgot', { done: 'If this address has an account, a link is on its way (valid for an hour).' })));
  });

  app.get('/guest/reset', (c) => {
    secureHeaders(c);
    return c.html(page('New password', html`<h1>Choose a new password</h1>
<form id="reset" novalidate>${password('password', 'New password')}${errorBox}<button id="submit" type="submit">Save my new password</button></form>`,
    guestForm('reset', '/public/accounts/password/reset', { withHashToken: true, done: 'Saved. <a href="/guest/login">Sign in</a> with it.' })));
  });

  app.get('/guest/join', (c) => {
    secureHeaders(c);
    return c.html(joinPage());
  });

  app.get('/guest/me', (c) => {
    secureHeaders(c);
    return c.html(mePage());
  });

  return app;
}
