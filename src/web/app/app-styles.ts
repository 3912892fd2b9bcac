import { MENU_EDIT_CSS } from './menu-edit-styles.js';

/**
 * The waiter app's stylesheet, inline (no CDN). Dark and high contrast for a dim dining room
 * (text ≥ 4.5:1 on its background), text 18 px and up, touch targets of 56 px. The page is one
 * screen tall: header, ready notices, then the screen, which scrolls inside itself, so the order's
 * action bar never scrolls away. Menu | ticket side by side on a landscape tablet, stacked (each
 * half scrolling) in portrait and on a phone.
 */
export const APP_CSS = `
:root { --bg:#101418; --panel:#1a2027; --card:#222a33; --ink:#f4f6f8; --muted:#aeb8c3; --line:#36404c;
  --amber:#fbbf24; --green:#22c55e; --red:#ef4444; --blue:#3b82f6; --blue-strong:#1d4ed8; --violet:#a78bfa; font-size:18px; }
* { box-sizing:border-box; }
html, body { margin:0; height:100%; background:var(--bg); color:var(--ink); line-height:1.25;
  font-family:system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; }
[hidden] { display:none !important; }
body { display:flex; flex-direction:column; height:100vh; height:100dvh; overflow:hidden; }
button, input, select, textarea { font:inherit; color:inherit; }
button { font-weight:700; min-height:56px; min-width:56px; padding:8px 16px; border-radius:10px; border:2px solid var(--line);
  background:#2a333e; cursor:pointer; touch-action:manipulation; }
button:active { filter:brightness(1.3); }
button:disabled { opacity:.45; cursor:default; }
button.on, .seg button.on { background:var(--amber); border-color:var(--amber); color:#111; }
input, textarea { min-height:56px; padding:8px 14px; border-radius:10px; border:2px solid var(--line); background:#0c1014; width:100%; }
input:focus, textarea:focus, button:focus-visible, .modal-box:focus { outline:3px solid var(--blue); outline-offset:1px; }
code { background:#2a333e; padding:2px 6px; border-radius:6px; }
.primary { background:var(--blue-strong); border-color:var(--blue-strong); color:#fff; }
.fire { background:#b45309; border-color:var(--amber); color:#fff; }
.danger { background:#991b1b; border-color:var(--red); color:#fff; }
.ghost { background:transparent; }
.row { display:flex; gap:10px; align-items:center; }
.top { flex:none; display:flex; flex-wrap:wrap; align-items:center; gap:10px; padding:6px 10px; background:var(--panel); border-bottom:2px solid var(--line); }
.title { flex:1; min-width:0; font-size:1.3rem; font-weight:800; white-space:nowrap; overflow:hidden; text-overflow:ellipsis; }
.who { color:var(--muted); white-space:nowrap; }
.pill { display:inline-flex; align-items:center; min-height:40px; padding:6px 12px; border-radius:999px; font-weight:800; white-space:nowrap; border:2px solid transparent; }
.pill.ok { background:#14532d; color:#bbf7d0; }
.pill.down { background:#7f1d1d; color:#fff; }
.pill.warn { background:var(--amber); color:#111; }
.screen { flex:1; min-height:0; overflow:auto; display:grid; place-items:center; padding:20px; }
.panel { width:100%; max-width:640px; background:var(--panel); border:2px solid var(--line); border-radius:16px; padding:24px; }
.panel.wide { max-width:900px; }
.panel h1 { margin:0 0 14px; font-size:1.7rem; }
.panel p { color:var(--muted); }
#pair-code { font-size:1.8rem; font-weight:800; letter-spacing:.2em; text-transform:uppercase; }
.error { color:#fecaca; background:#7f1d1d; border-radius:10px; padding:12px 16px; font-weight:700; }
.roster { display:grid; grid-template-columns:repeat(auto-fill, minmax(170px, 1fr)); gap:12px; }
.roster button { min-height:80px; }
.roster button.on small { color:#111; }
.roster small { display:block; color:var(--muted); font-weight:600; }
.pin-name { font-size:1.3rem; font-weight:800; color:var(--ink) !important; text-align:center; }
.pin-dots { text-align:center; font-size:2.4rem; letter-spacing:.4em; min-height:3rem; }
.pinpad { display:grid; grid-template-columns:repeat(3, 1fr); gap:12px; max-width:420px; margin:0 auto; }
.pinpad button { min-height:76px; font-size:1.8rem; }
.page { flex:1; min-height:0; overflow:auto; padding:10px; }
.tabs { display:flex; gap:8px; flex-wrap:wrap; padding:4px 0 10px; }
.tabs button { flex:0 0 auto; }
#split-modes { flex-wrap:wrap; }
.floor-bar { display:flex; gap:8px; align-items:flex-start; justify-content:space-between; flex-wrap:wrap; }
.office-bar { display:flex; gap:8px; flex-wrap:wrap; padding:4px 0 10px; }
/* Back office: figures, lists of rows with one action each. */
.office h2 { font-size:1.1rem; color:var(--muted); text-transform:uppercase; margin:16px 0 6px; }
.hint { color:var(--muted); margin:4px 0 8px; }
.fig-grid { display:grid; grid-template-columns:repeat(auto-fill, minmax(170px, 1fr)); gap:10px; }
.fig { background:var(--panel); border:2px solid var(--line); border-radius:12px; padding:10px 12px; }
.fig span { display:block; color:var(--muted); font-size:.85rem; font-weight:700; }
.fig strong { font-size:1.4rem; font-variant-numeric:tabular-nums; }
.office-actions { display:flex; gap:10px; flex-wrap:wrap; margin:12px 0; }
.office-list { display:flex; flex-direction:column; gap:6px; }
.office-row { display:flex; gap:10px; align-items:center; justify-content:space-between; text-align:left; width:100%;
  background:var(--card); border:2px solid var(--line); border-radius:10px; padding:6px 6px 6px 12px; min-height:56px; }
.office-row > span:first-child { flex:1; min-width:0; overflow-wrap:anywhere; }
.office-row .go { color:var(--amber); white-space:nowrap; }
.office-row small { display:block; color:var(--muted); font-weight:700; font-size:.85rem; }
.office-row.off { border-color:var(--red); }
.office-row.off small { color:#fecaca; }
.switch { min-width:84px; }
${MENU_EDIT_CSS}
#day-sync { margin-top:10px; }
.sync-bad { color:#fde68a; font-weight:700; }
#z-blocked .office-list { margin-top:8px; }
.z-done { color:#bbf7d0; background:#14532d; border-radius:10px; padding:4px 16px; font-weight:700; }
.code-big { font-size:clamp(1.8rem, 9vw, 3rem); font-weight:900; letter-spacing:.2em; overflow-wrap:anywhere; text-align:center; color:var(--amber) !important; margin:12px 0; font-variant-numeric:tabular-nums; }
.modal-box [role=group] + #pairing-result { margin-top:10px; }
.tables { display:grid; grid-template-columns:repeat(auto-fill, minmax(150px, 1fr)); gap:12px; }
.table { min-height:120px; display:flex; flex-direction:column; justify-content:center; align-items:center; gap:2px; font-size:1rem; }
.table small { font-size:.85rem; font-weight:600; }
.table .label { font-size:1.5rem; }
.table .facts { color:var(--ink); }
.table .amount { color:var(--amber); font-weight:800; }
.tables.layout { display:block; position:relative; }
.tables.layout .table { position:absolute; }
.table[data-status="available"] { background:#14352a; border-color:var(--green); }
.table[data-status="occupied"] { background:#3b2a0b; border-color:var(--amber); }
.table[data-status="reserved"] { background:#2e2352; border-color:var(--violet); }
.table[data-status="inactive"] { opacity:.5; }
.split { display:grid; grid-template-columns:minmax(0, 3fr) minmax(320px, 2fr); gap:12px; align-items:start; }
@media (max-width:900px), (orientation:portrait) { .split { grid-template-columns:minmax(0, 1fr); } }
/* The order screen: the menu and the ticket each scroll inside; the ticket's action bar stays put. */
#order { overflow:hidden; align-items:stretch; }
#order .menu-side { min-height:0; overflow:auto; }
#order .ticket-side { min-height:0; display:flex; flex-direction:column; }
#order .lines { flex:1; min-height:0; overflow:auto; }
.guest { display:flex; flex-wrap:wrap; align-items:center; gap:6px; margin-bottom:8px; }
.guest .allergy, .guest-hit .allergy, .guest-alerts .allergy { background:var(--red); color:#fff; font-weight:800; padding:4px 8px; border-radius:8px; }
.guest .blocked, .guest-hit .blocked, .guest-alerts .blocked { background:var(--amber); color:#111; font-weight:800; padding:4px 8px; border-radius:8px; }
.guest-hits { display:flex; flex-direction:column; gap:6px; margin:8px 0; max-height:40vh; overflow:auto; }
.guest-hit { display:flex; flex-wrap:wrap; gap:8px; text-align:left; }
/* The guest card: alerts first, then the figures; its buttons stay at the foot of the dialog while it scrolls. */
.guest-card .meta { color:var(--muted); margin:0 0 8px; overflow-wrap:anywhere; }
.guest-alerts { display:flex; flex-wrap:wrap; gap:6px; margin-bottom:8px; }
.guest-stats { display:grid; grid-template-columns:repeat(auto-fit, minmax(130px, 1fr)); gap:8px; margin-bottom:8px; }
.guest-stat { border:2px solid var(--line); border-radius:10px; padding:6px 10px; display:flex; flex-direction:column; }
.guest-stat .label, .guest-row .label { color:var(--muted); font-size:.85em; font-weight:700; }
.guest-row { display:grid; grid-template-columns:110px minmax(0, 1fr); gap:8px; padding:6px 0; border-top:1px solid var(--line); overflow-wrap:anywhere; }
.guest-favourites { margin:0; padding-left:1.2em; }
.guest-tags { display:flex; flex-wrap:wrap; gap:4px; }
.guest-tags .tag { border:1px solid var(--line); border-radius:12px; padding:0 8px; }
.modal-box .sticky-actions { position:sticky; bottom:-18px; margin:14px -18px -18px; padding:10px 18px 18px; background:var(--panel); border-top:2px solid var(--line); }
.sticky-actions .prompt { flex-basis:100%; margin:0; }
.sticky-actions .prompt:empty { display:none; }
.modal-box label.check { display:flex; align-items:center; gap:10px; color:inherit; font-weight:400; }
.modal-box label.check input { width:28px; min-height:28px; }
.action-bar { flex:none; border-top:2px solid var(--line); padding-top:8px; }
@media (max-width:900px), (orientation:portrait) {
  #order { grid-template-rows:minmax(0, 1fr) minmax(0, 1.15fr); }
}
/* A phone: a compact header and ticket, so the menu, the lines and the action bar all fit one screen. */
@media (max-width:600px) {
  .who { display:none; }
  .top { gap:6px; padding:4px 6px; }
  .top button, .top .pill { min-height:44px; padding:4px 8px; font-size:.85rem; }
  .title { font-size:1.05rem; min-width:3em; }
  #order { grid-template-rows:minmax(96px, .6fr) minmax(0, 1.4fr); gap:8px; padding:6px; }
  .ticket-side { padding:8px; }
  .pickers { gap:4px 10px; }
  .seg button { min-height:44px; min-width:44px; padding:4px 8px; }
  .total { font-size:1rem; }
  .actions { gap:6px; margin-top:6px; }
  .actions button { min-height:48px; font-size:.9rem; }
  .ready-list button { font-size:.95rem; min-height:48px; }
}
.items { display:grid; grid-template-columns:repeat(auto-fill, minmax(160px, 1fr)); gap:10px; }
.item { min-height:84px; display:flex; flex-direction:column; justify-content:space-between; text-align:left; }
.item .price { color:var(--amber); font-weight:800; }
.item.has-options::after { content:"options"; font-size:.75rem; color:var(--muted); }
.ticket-side, .pay-side, .check-side { background:var(--panel); border:2px solid var(--line); border-radius:14px; padding:12px; }
.pickers { display:flex; gap:12px; flex-wrap:wrap; }
.picker span { display:block; color:var(--muted); font-size:.85rem; font-weight:700; text-transform:uppercase; }
.seg { display:flex; gap:6px; flex-wrap:wrap; }
.seg button { min-width:52px; padding:6px 10px; }
.lines { margin:10px 0; display:flex; flex-direction:column; gap:6px; }
.line { display:flex; gap:8px; align-items:flex-start; text-align:left; width:100%; background:var(--card); }
.line .what { flex:1; min-width:0; }
.line .opts, .line .meta { display:block; color:var(--muted); font-size:.85rem; font-weight:600; }
.line .warn { display:block; color:#fecaca; font-weight:800; font-size:.9rem; }
.line.sold-out { border-color:var(--red); }
.line .note { display:block; color:#fde68a; font-size:.9rem; }
.state { font-size:.75rem; font-weight:900; text-transform:uppercase; padding:3px 8px; border-radius:6px; background:#334155; white-space:nowrap; }
.state.draft { background:#475569; }
.state.unsent { background:var(--red); color:#fff; }
.state.held { background:#1e3a8a; }
.state.fired { background:#b45309; }
.state.ready { background:#15803d; }
.state.voided { background:#3f3f46; text-decoration:line-through; }
.course-head { color:var(--muted); font-weight:800; text-transform:uppercase; font-size:.8rem; margin-top:6px; }
.total { font-size:1.3rem; font-weight:800; text-align:right; }
.actions { display:grid; grid-template-columns:repeat(3, minmax(0, 1fr)); gap:8px; margin-top:8px; }
.actions button { padding:6px 8px; }
.check { font-variant-numeric:tabular-nums; }
.check .cl { display:flex; gap:10px; padding:8px 0; border-bottom:1px solid var(--line); align-items:center; }
.check .cl span:nth-child(2) { flex:1; }
.check .sum { display:flex; justify-content:space-between; font-weight:800; padding:6px 0; }
.check .sum.big { font-size:1.5rem; color:var(--amber); }
.loading { color:var(--muted); font-size:1.2rem; font-weight:700; padding:24px 0; }
.modal-box label { display:block; color:var(--muted); font-weight:700; margin:10px 0 4px; }
.pay-form label { display:block; color:var(--muted); font-weight:700; margin:10px 0 4px; }
.pay-form .amount { font-size:1.6rem; font-weight:900; margin:8px 0; }
.pay-form .change { font-size:1.3rem; font-weight:800; color:var(--green); }
/* Ready notices sit in the page's flow under the header: they push the screen down, never cover it. */
.ready-list { flex:none; display:flex; flex-wrap:wrap; gap:8px; padding:0 10px; }
.ready-list:not(:empty) { padding:8px 10px; background:var(--panel); border-bottom:2px solid var(--line); }
.ready-list button { background:#15803d; border-color:var(--green); color:#fff; text-align:left; font-size:1.1rem; }
.guest-requests { flex:none; display:flex; align-items:flex-start; gap:8px; overflow-x:auto; padding:0 10px; max-height:45vh; }
.guest-requests:not(:empty) { padding:8px 10px; background:var(--panel); border-bottom:2px solid var(--line); }
.guest-request { flex:none; width:360px; background:var(--card); color:var(--ink); border:2px solid var(--blue); border-radius:10px; padding:8px 10px; display:flex; flex-direction:column; gap:6px; }
.guest-request.overdue { border-color:var(--red); box-shadow:0 0 0 2px #7f1d1d; }
.guest-request .head { display:flex; gap:8px; align-items:baseline; }
.guest-request .head .where { font-size:1.1rem; color:var(--amber); }
.guest-request .timer { margin-left:auto; font-variant-numeric:tabular-nums; font-weight:600; }
.guest-request.overdue .timer { color:var(--red); }
.guest-request .held { margin:0; padding:4px 6px; border-radius:6px; background:#78350f; color:#fff; font-weight:600; }
.guest-request ul { margin:0; padding:0; list-style:none; display:flex; flex-direction:column; gap:2px; }
.guest-request li { display:flex; flex-wrap:wrap; gap:4px 8px; align-items:center; }
.guest-request li.removed { text-decoration:line-through; opacity:.5; }
.guest-request .opts { color:var(--muted); font-size:.9rem; }
.guest-request .step { min-height:44px; min-width:44px; padding:0; }
.guest-request .actions button { flex:1; }
.guest-request .notes { margin:0; font-style:italic; }
.guest-request .sum { margin:0; font-weight:600; }
.guest-request .actions, .guest-request .refuse { display:flex; gap:6px; }
.guest-request .refuse input { flex:1; min-width:0; }
.modal { position:fixed; inset:0; z-index:40; background:rgba(0,0,0,.7); display:grid; place-items:center; padding:12px; }
.modal-box { width:100%; max-width:720px; max-height:92vh; overflow:auto; background:var(--panel); border:2px solid var(--line); border-radius:16px; padding:18px; }
.modal-box h2 { margin:0 0 8px; }
.group { margin:12px 0; }
.group h3 { margin:0 0 6px; font-size:1.05rem; }
.group .rule { color:var(--muted); font-weight:600; font-size:.9rem; }
.group.missing h3 { color:#fca5a5; }
.opts-grid { display:grid; grid-template-columns:repeat(auto-fill, minmax(150px, 1fr)); gap:8px; }
.modal-actions { display:flex; gap:10px; justify-content:flex-end; margin-top:14px; flex-wrap:wrap; }
.prompt { color:#fca5a5; font-weight:700; }
/* Stock screens: pickers like inputs, the count sheet's lines (name, figure, what the box said), recipe lines. */
select { min-height:56px; padding:8px 14px; border-radius:10px; border:2px solid var(--line); background:#0c1014; width:100%; }
select:focus { outline:3px solid var(--blue); outline-offset:1px; }
.qty-unit { display:grid; grid-template-columns:minmax(0, 1fr) minmax(0, 9em); gap:10px; }
.count-row { flex-wrap:wrap; padding:8px 8px 8px 12px; }
.count-row > label { flex:1 1 12em; min-width:0; font-weight:700; overflow-wrap:anywhere; }
.count-field { display:flex; align-items:center; gap:8px; }
.count-field input { width:8em; text-align:right; font-variant-numeric:tabular-nums; }
.count-field .unit { min-width:3.5em; color:var(--muted); font-weight:700; }
.count-status { flex:1 1 100%; }
.count-status:empty { display:none; }
.count-status p { margin:4px 0; }
.count-done { color:#bbf7d0; font-weight:700; }
.conflict { border:2px solid var(--amber); border-radius:10px; padding:4px 12px; color:#fde68a; }
.conflict ul { margin:4px 0; padding-left:1.2em; color:var(--ink); }
.recipe-lines { display:flex; flex-direction:column; gap:8px; }
.recipe-line { display:grid; grid-template-columns:minmax(0, 2fr) minmax(0, 1fr) minmax(0, 1fr) auto; gap:8px; align-items:end;
  background:var(--card); border:2px solid var(--line); border-radius:10px; padding:6px 8px; }
.recipe-line label { margin-top:0; }
@media (max-width:600px) { .recipe-line { grid-template-columns:minmax(0, 1fr) minmax(0, 1fr); } .recipe-line .grow { grid-column:1 / -1; } }
#recipe-add-line { margin-top:8px; }
@media (max-width:600px) { #stock-tabs button { min-height:48px; padding:4px 10px; font-size:.9rem; } }
#toast { position:fixed; left:50%; bottom:20px; transform:translateX(-50%); z-index:50; background:#f4f6f8; color:#111; font-weight:700;
  padding:14px 20px; border-radius:12px; max-width:90vw; box-shadow:0 6px 24px rgba(0,0,0,.6);
  pointer-events:none; /* a notice never takes a tap meant for the Fire or Bill button under it */ }
`;
