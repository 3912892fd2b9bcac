/**
 * The waiter app's back-office screens for setting the restaurant up: the floor layout editor,
 * the printers and the cloud sync state (managers and owners; their buttons carry
 * data-manager-only, so floor.ts shows them to those alone). Kept out of app-page.ts so that page
 * stays a list of screens.
 */

/** The office-bar buttons that open these screens. */
export const SETUP_BUTTONS = `
      <button type="button" id="open-flooredit" data-manager-only hidden>Floor plan</button>
      <button type="button" id="open-printers" data-manager-only hidden>Printers</button>
      <button type="button" id="open-sync" data-manager-only hidden>Sync</button>`;

export const SETUP_SCREENS = `
<section id="flooredit" class="page office" hidden>
  <nav id="fe-areas" class="tabs" aria-label="Areas to edit"></nav>
  <div class="office-actions">
    <button type="button" id="fe-add-table">Add a table</button>
    <button type="button" id="fe-add-area">Add an area</button>
    <button type="button" id="fe-area-more">Rename / remove area</button>
    <button type="button" id="fe-arrange" hidden>Set out in rows</button>
  </div>
  <div class="fe-bar">
    <p id="fe-status" class="hint" aria-live="polite"></p>
    <button type="button" id="fe-revert" hidden>Undo changes</button>
    <button type="button" id="fe-save" class="primary" disabled>Save layout</button>
  </div>
  <p id="fe-problem" class="error" role="alert" hidden></p>
  <div id="fe-wrap" class="fe-wrap"><div id="fe-map" class="fe-map" aria-label="Floor plan: drag a table to move it, its corner to resize it; arrow keys move the focused table"></div></div>
</section>

<section id="printers" class="page office" hidden>
  <div class="office-actions"><button type="button" id="add-printer" class="primary">Add a printer</button></div>
  <div id="printer-list" class="office-list" aria-live="polite"></div>
  <h2>What prints where</h2>
  <p class="hint">Each kitchen station's tickets, and the receipts, go to a printer; a backup takes over when it cannot print.</p>
  <div id="route-list" class="office-list"></div>
  <h2>Print jobs: waiting, failed, lately printed</h2>
  <div id="job-list" class="office-list"></div>
</section>

<section id="sync" class="page office" hidden>
  <p id="sync-summary" class="sync-summary" role="status" aria-live="polite"></p>
  <div id="sync-figures" class="fig-grid"></div>
  <h2>From the cloud</h2>
  <p id="sync-down" class="hint"></p>
  <div id="sync-down-figures" class="fig-grid"></div>
  <div id="sync-booking-section" hidden>
    <h2>Online booking</h2>
    <p id="sync-booking" class="sync-summary" role="status"></p>
  </div>
  <p id="sync-checked" class="hint"></p>
</section>`;
