/**
 * The host's screen (issue 20): the door of the evening — bookings arriving, the waitlist with
 * its live estimates, the floor with who is due next, and a timeline of the evening by table.
 * Owners, managers and hosts get the *Door* button (floor.ts shows it to them).
 */
export const DOOR_BUTTON = `
      <button type="button" id="open-door" hidden>Door</button>`;

export const DOOR_SCREEN = `
<section id="door" class="page office" hidden>
  <div class="office-actions">
    <button type="button" id="door-book" class="primary">New booking</button>
    <button type="button" id="door-walkin">Add to waitlist</button>
    <span id="door-date" class="hint" aria-live="polite"></span>
  </div>
  <div class="door-grid">
    <div><h2>Arriving</h2><div id="door-arrivals" class="office-list" aria-live="polite"></div></div>
    <div><h2>Waitlist</h2><div id="door-waitlist" class="office-list" aria-live="polite"></div></div>
  </div>
  <h2>Floor</h2>
  <div id="door-floor" class="door-floor"></div>
  <h2>Tonight by table</h2>
  <div id="door-timeline" class="door-timeline"></div>
</section>`;

export const DOOR_CSS = `
.door-grid { display:grid; grid-template-columns:1fr 1fr; gap:12px; }
@media (max-width: 820px) { .door-grid { grid-template-columns:1fr; } }
.door-row { display:flex; flex-wrap:wrap; gap:8px; align-items:center; background:var(--panel); border:2px solid var(--line); border-radius:12px; padding:8px 10px; margin:0 0 8px; }
.door-row .door-who { flex:1 1 12em; color:var(--ink); white-space:normal; }
.door-row .door-who strong { font-size:1.1rem; }
.door-row .door-who small { display:block; color:var(--muted); }
.door-row.late { border-color:var(--amber); }
.door-row.arrived { border-color:var(--green); }
.door-row button { min-height:48px; }
.badge { display:inline-block; padding:2px 8px; border-radius:8px; font-size:.8rem; font-weight:800; margin-left:6px; }
.badge.late { background:var(--amber); color:#111; }
.badge.here { background:var(--green); color:#111; }
.badge.wait { background:var(--blue-strong); color:#fff; }
.door-floor { display:grid; grid-template-columns:repeat(auto-fill, minmax(120px, 1fr)); gap:8px; }
.door-table { background:var(--card); border:2px solid var(--line); border-radius:10px; padding:8px; min-height:64px; }
.door-table strong { font-size:1.1rem; }
.door-table small { display:block; color:var(--muted); }
.door-table.occupied { border-color:var(--red); background:#3a1616; }
.door-table.soon { border-color:var(--amber); }
.door-timeline { overflow-x:auto; border:2px solid var(--line); border-radius:12px; background:#0c1014; padding:6px 0; }
.tl-inner { position:relative; min-width:640px; }
.tl-row { position:relative; height:38px; border-bottom:1px solid #1e252d; margin-left:64px; }
.tl-label { position:absolute; left:-60px; width:54px; top:8px; font-weight:800; text-align:right; }
.tl-block { position:absolute; top:4px; height:30px; border-radius:6px; overflow:hidden; white-space:nowrap; font-size:.8rem; font-weight:700;
  padding:0 6px; line-height:30px; background:#1e3a8a; border:1px solid var(--blue); color:#fff; box-sizing:border-box; }
.tl-block.arrived { background:#14532d; border-color:var(--green); }
.tl-block.seated { background:#7f1d1d; border-color:var(--red); }
.tl-block.late { background:#78350f; border-color:var(--amber); }
.tl-now { position:absolute; top:0; bottom:0; width:2px; background:var(--amber); z-index:2; }
.tl-hours { position:relative; height:20px; margin-left:64px; color:var(--muted); font-size:.75rem; }
.tl-hours span { position:absolute; transform:translateX(-50%); }
.slots { display:flex; flex-wrap:wrap; gap:6px; margin:6px 0; }
.slots button { min-height:44px; min-width:72px; }
`;
