/**
 * The sign-in page (/login) and the invitation page (/invite/:token). The dashboard at / (cloud/dashboard/)
 * sends anyone not signed in here.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { AuthDeps } from './deps.js';
import { lookupInvitation } from './invitations.js';
import type { AuthEnv } from './middleware.js';
import { formScript, page, secureHeaders } from './page-layout.js';
import { PASSWORD_MIN } from './schemas.js';

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

  return app;
}
