import { KDS_CSS } from './kds-styles.js';

/**
 * GET /kds: the kitchen display. A public, static shell (no data in it): the screen pairs itself
 * once and every data call carries its device token, so the HTML can be served to anyone.
 */
export function kdsPage(scriptUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="dark">
<title>Kitchen display — Brigade</title>
<style>${KDS_CSS}</style>
</head>
<body>
<div id="banner" class="offline-banner" role="alert" hidden>DISCONNECTED<span id="banner-since"></span></div>

<section id="pair" class="screen" hidden>
  <div class="panel">
    <h1>Pair this kitchen screen</h1>
    <p>Ask a manager for a <strong>kitchen screen</strong> pairing code (on the box: <code>npm run cli -- pairing-code --name "Grill screen" --kind kitchen</code>) and type it here. You do this once.</p>
    <form id="pair-form" novalidate>
      <label for="pair-code">Pairing code</label>
      <div class="pair-row">
        <input id="pair-code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="16">
        <button type="submit" id="pair-submit" class="primary">Pair</button>
      </div>
    </form>
    <p id="pair-error" class="error" role="alert" hidden></p>
  </div>
</section>

<section id="pick" class="screen" hidden>
  <div class="panel">
    <h1>Which station is this screen?</h1>
    <p>The screen remembers it. You can change it later with the Station button.</p>
    <div id="stations" class="stations"></div>
    <p id="pick-error" class="error" role="alert" hidden></p>
  </div>
</section>

<section id="board" hidden>
  <header class="bar">
    <div class="bar-title"><span id="view-name"></span><span id="open-count"></span></div>
    <div id="clock"></div>
    <button type="button" id="recall">Recall last</button>
    <button type="button" id="change">Station</button>
  </header>
  <div class="board-body">
    <div id="tickets" class="tickets" aria-live="polite"></div>
    <aside id="allday" class="allday" aria-labelledby="allday-title">
      <h2 id="allday-title">All day</h2>
      <ol id="allday-list"></ol>
    </aside>
  </div>
</section>

<div id="toast" role="status" hidden></div>
<script src="${scriptUrl}"></script>
</body>
</html>`;
}
