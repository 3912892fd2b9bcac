/**
 * The sign-in page (/login), the invitation page (/invite/:token) and, until the dashboard lands,
 * a placeholder at / that sends anyone not signed in to /login.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { AuthDeps } from './deps.js';
import { sessionToken } from './http.js';
import { lookupInvitation } from './invitations.js';
import type { AuthEnv } from './middleware.js';
import { formScript, page, secureHeaders } from './page-layout.js';
import { PASSWORD_MIN } from './schemas.js';
import { resolveSession } from './sessions.js';

export function createAuthPages(deps: AuthDeps): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.get('/login', (c) => {
    secureHeaders(c);
    return c.html(page('Sign in', html`
<h1>Sign in</h1><p class="sub">Your restaurants' numbers, from anywhere.</p>
<form id="login" novalidate>
  <label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required autofocus>
  <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
  <div id="error" class="error" role="alert" hidden></div>
  <button id="submit" type="submit">Sign in</button>
</form>`, formScript('login', '/api/auth/login')));
  });

  app.get('/invite/:token', async (c) => {
    secureHeaders(c);
    const token = c.req.param('token');
    const invitation = await lookupInvitation(deps, token);
    if (!invitation) {
      return c.html(page('Invitation', html`<h1>This link has expired</h1>
<p class="sub">It was already used, revoked, or is more than 7 days old. Ask the person who invited you for a new one, or <a href="/login">sign in</a>.</p>`), 410);
    }
    const intro = invitation.existingAccount
      ? html`<h1>Set your password</h1><p class="sub">For ${invitation.email} at ${invitation.organisation}.</p>`
      : html`<h1>Join ${invitation.organisation}</h1><p class="sub">You are invited as ${invitation.role} (${invitation.email}).</p>`;
    return c.html(page('Invitation', html`${intro}
<form id="accept" novalidate>
  <label for="name">Your name</label><input id="name" name="name" autocomplete="name" required autofocus>
  <label for="password">Password (at least ${PASSWORD_MIN} characters)</label><input id="password" name="password" type="password" autocomplete="new-password" minlength="${PASSWORD_MIN}" required>
  <label for="passwordAgain">Password again</label><input id="passwordAgain" name="passwordAgain" type="password" autocomplete="new-password" required>
  <div id="error" class="error" role="alert" hidden></div>
  <button id="submit" type="submit">${invitation.existingAccount ? 'Set password and sign in' : 'Create my account'}</button>
</form>`, formScript('accept', '/api/invitations/accept', { token })));
  });

  // Placeholder until the dashboard (issue 7, engineer R) takes over `/`.
  app.get('/', async (c) => {
    const token = sessionToken(c);
    const session = token ? await resolveSession(deps, token) : null;
    if (!session) return c.redirect('/login');
    secureHeaders(c);
    return c.html(page('Dashboard', html`<h1>Dashboard coming</h1>
<p class="sub" id="who">Signed in as ${session.account.name} (${session.account.email}), ${session.viewer.role}.</p>
<button id="logout" type="button">Sign out</button>`,
    "document.getElementById('logout').addEventListener('click', async () => { await fetch('/api/auth/logout', { method: 'POST' }); location.assign('/login'); });"));
  });

  return app;
}
