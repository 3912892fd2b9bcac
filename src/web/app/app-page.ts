import { APP_CSS } from './app-styles.js';
import { SETUP_CSS } from './app-styles-setup.js';
import { SETUP_BUTTONS, SETUP_SCREENS } from './app-page-setup-screens.js';
import { DOOR_BUTTON, DOOR_CSS, DOOR_SCREEN } from './app-page-door.js';

/**
 * GET /app/: the waiter app. A static shell with no data in it (the device pairs itself, staff sign
 * in with a PIN, every call carries the tokens), so it can be cached by the service worker and
 * served to anyone. Styles are inline; the script is the hashed bundle of client/app/ (cached for
 * ever, and by the service worker for offline use).
 */
export function appPage(scriptUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="color-scheme" content="dark">
<meta name="theme-color" content="#101418">
<link rel="manifest" href="/app/manifest.webmanifest">
<link rel="icon" href="/app/icon.svg" type="image/svg+xml">
<title>Brigade waiter</title>
<style>${APP_CSS}</style>
<style>${SETUP_CSS}</style>
<style>${DOOR_CSS}</style>
</head>
<body>
<header id="top" class="top" hidden>
  <button type="button" id="back" class="ghost" aria-label="Back">&#8249; Floor</button>
  <div id="title" class="title"></div>
  <span id="net" class="pill ok" role="status">Online</span>
  <button type="button" id="pending" class="pill warn" hidden></button>
  <span id="who" class="who"></span>
  <button type="button" id="signout" class="ghost">Sign out</button>
</header>
<div id="ready" class="ready-list" aria-live="assertive"></div>
<div id="guest-requests" class="guest-requests" aria-live="polite"></div>

<section id="pair" class="screen" hidden>
  <div class="panel">
    <h1>Pair this tablet</h1>
    <p>Ask a manager for a <strong>tablet</strong> pairing code (on the box: <code>npm run cli -- pairing-code --name "Tablet 1" --kind tablet</code>) and type it here. You do this once.</p>
    <form id="pair-form" novalidate>
      <label for="pair-code">Pairing code</label>
      <div class="row">
        <input id="pair-code" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="16">
        <button type="submit" id="pair-submit" class="primary">Pair</button>
      </div>
    </form>
    <p id="pair-error" class="error" role="alert" hidden></p>
    <p id="pair-secure" hidden>To keep the app working while the box restarts, this tablet must trust the box once: <a href="/certificate">install the box's certificate</a>, then come back here.</p>
  </div>
</section>

<section id="signin" class="screen" hidden>
  <div class="panel wide">
    <h1>Who is signing in?</h1>
    <div id="roster" class="roster"></div>
    <div id="pin-box" hidden>
      <p id="pin-name" class="pin-name"></p>
      <div id="pin-dots" class="pin-dots" aria-live="polite"></div>
      <div id="pinpad" class="pinpad"></div>
    </div>
    <p id="signin-error" class="error" role="alert" hidden></p>
  </div>
</section>

<section id="floor" class="page" hidden>
  <div class="floor-bar">
    <nav id="areas" class="tabs" aria-label="Areas"></nav>
    <div class="office-bar">
      <button type="button" id="open-day" hidden>Day</button>${DOOR_BUTTON}
      <button type="button" id="open-menu86" hidden>Menu</button>
      <button type="button" id="open-menuedit" hidden>Edit menu</button>
      <button type="button" id="open-staff" hidden>Staff</button>${SETUP_BUTTONS}
      <button type="button" id="open-stock" hidden>Stock</button>
      <button type="button" id="pair-device" hidden>Pair a device</button>
    </div>
  </div>
  <div id="tables" class="tables"></div>
</section>

<section id="order" class="page split" hidden>
  <div class="menu-side">
    <div class="row"><input id="search" type="search" placeholder="Search the menu" aria-label="Search the menu" autocomplete="off"></div>
    <nav id="cats" class="tabs" aria-label="Categories"></nav>
    <div id="items" class="items"></div>
  </div>
  <aside class="ticket-side">
    <div id="guest" class="guest" aria-live="polite"></div>
    <div class="pickers">
      <div class="picker"><span>Seat</span><div id="seats" class="seg"></div></div>
      <div class="picker"><span>Course</span><div id="courses" class="seg"></div></div>
    </div>
    <div id="lines" class="lines"></div>
    <div class="action-bar">
      <div id="order-total" class="total"></div>
      <div class="actions">
        <button type="button" id="send" class="primary" title="Send: the first course cooks now, later courses wait for Fire">Send</button>
        <button type="button" id="hold" title="Send without cooking anything">Hold</button>
        <button type="button" id="fire" class="fire">Fire next course</button>
        <button type="button" id="fire-all">Fire all</button>
        <button type="button" id="to-bill">Bill</button>
        <button type="button" id="table-more">Move / merge</button>
      </div>
    </div>
  </aside>
</section>

<section id="bill" class="page split" hidden>
  <div class="check-side">
    <div id="check" class="check"></div>
  </div>
  <aside class="pay-side">
    <nav id="split-modes" class="tabs" aria-label="Split"></nav>
    <div id="split-body" class="split-body"></div>
    <div id="pay-form" class="pay-form"></div>
  </aside>
</section>

<section id="day" class="page office" hidden>
  <div id="day-figures" class="figures" aria-live="polite"></div>
  <div class="office-actions">
    <button type="button" id="close-z" class="primary">Close the day (Z)</button>
    <button type="button" id="print-x">Print X</button>
  </div>
  <div id="z-blocked" role="alert" hidden></div>
  <p id="day-sync" class="hint" aria-live="polite"></p>
  <h2>Open orders</h2>
  <div id="day-open" class="office-list"></div>
  <h2>Past Z reports</h2>
  <div id="z-list" class="office-list"></div>
</section>

<section id="menuadmin" class="page office" hidden>
  <p class="hint">Tap a dish to take it off (86) or put it back: waiters' tablets follow at once. <em>Out of stock</em> comes from the stock counts and clears when stock is received.</p>
  <div id="avail-list"></div>
</section>

<section id="menuedit" class="page office" hidden>
  <nav id="menuedit-tabs" class="tabs" aria-label="Menu parts"></nav>
  <p id="menuedit-central" class="central-note" role="note" hidden></p>
  <div id="menuedit-body"></div>
</section>

<section id="staff" class="page office" hidden>
  <div class="office-actions"><button type="button" id="add-staff" class="primary">Add a staff member</button></div>
  <div id="staff-list" class="office-list"></div>
  <h2>Devices</h2>
  <div id="device-list" class="office-list"></div>
</section>

<section id="stock" class="page office" hidden>
  <nav id="stock-tabs" class="tabs" role="tablist" aria-label="Stock"></nav>
  <div id="stock-body"></div>
</section>
${SETUP_SCREENS}
${DOOR_SCREEN}

<div id="modal" class="modal" hidden><div id="modal-box" class="modal-box" role="dialog" aria-modal="true" tabindex="-1"></div></div>
<div id="toast" role="status" hidden></div>
<script src="${scriptUrl}"></script>
</body>
</html>`;
}
