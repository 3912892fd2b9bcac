/**
 * The kitchen display's stylesheet, inline like every page the box serves (no CDN: the internet may
 * be down). Dark, high contrast, nothing under 20 px, touch targets of 56 px: it is read from two
 * metres away by someone with wet hands.
 */
export const KDS_CSS = `
:root { --bg:#0b0d10; --panel:#161a20; --card:#1c222a; --ink:#f5f7fa; --muted:#b4bec9; --line:#313a45;
  --green:#22c55e; --amber:#f59e0b; --red:#ef4444; --yellow:#fde047; --blue:#3b82f6; font-size:22px; }
* { box-sizing:border-box; }
html, body { margin:0; background:var(--bg); color:var(--ink); line-height:1.25;
  font-family:system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif; }
[hidden] { display:none !important; }
button { font:inherit; color:inherit; font-weight:700; min-height:56px; min-width:56px; padding:8px 20px; border-radius:10px;
  border:2px solid var(--line); background:#252d37; cursor:pointer; touch-action:manipulation; }
button:active { filter:brightness(1.3); }
button:disabled { cursor:default; }
code { font-family:ui-monospace, Menlo, Consolas, monospace; background:#252d37; padding:2px 6px; border-radius:6px; }
.offline-banner { position:sticky; top:0; z-index:20; background:#dc2626; color:#fff; text-align:center; padding:14px 16px;
  font-size:1.7rem; font-weight:900; letter-spacing:.05em; box-shadow:0 4px 16px rgba(0,0,0,.6); }
.offline-banner span { font-weight:600; letter-spacing:0; font-size:1.2rem; margin-left:14px; }
body.offline .tickets, body.offline .allday { opacity:.4; filter:grayscale(1); }
.screen { min-height:100vh; display:grid; place-items:center; padding:24px; }
.panel { width:100%; max-width:760px; background:var(--panel); border:2px solid var(--line); border-radius:18px; padding:32px; }
.panel h1 { margin:0 0 12px; font-size:2rem; }
.panel p { color:var(--muted); margin:0 0 20px; }
.panel label { display:block; font-weight:700; margin-bottom:8px; }
.pair-row { display:flex; gap:12px; }
#pair-code { flex:1; min-width:0; min-height:72px; font:inherit; font-size:2rem; font-weight:800; letter-spacing:.2em; text-transform:uppercase;
  padding:8px 16px; border-radius:12px; border:2px solid var(--line); background:#0f1318; color:var(--ink); }
#pair-code:focus { outline:3px solid var(--blue); }
.primary { background:var(--blue); border-color:var(--blue); color:#fff; font-size:1.3rem; }
.error, .panel .error { color:#fecaca; background:#7f1d1d; border-radius:10px; padding:12px 16px; font-weight:700; margin-top:16px !important; }
.stations { display:grid; grid-template-columns:repeat(auto-fill, minmax(220px, 1fr)); gap:16px; }
.station-btn { min-height:120px; display:flex; flex-direction:column; justify-content:center; align-items:center; gap:6px; font-size:1.6rem;
  text-transform:uppercase; }
.station-btn .count { font-size:.95rem; color:var(--muted); text-transform:none; font-weight:600; }
.station-btn.expo { background:#1e3a8a; border-color:var(--blue); }
.bar { display:flex; align-items:center; gap:16px; padding:10px 16px; background:var(--panel); border-bottom:2px solid var(--line); }
.bar-title { flex:1; min-width:0; display:flex; align-items:baseline; gap:18px; white-space:nowrap; overflow:hidden; }
#view-name { font-size:1.7rem; font-weight:900; text-transform:uppercase; letter-spacing:.03em; }
#open-count { color:var(--muted); font-weight:600; }
#clock { font-size:1.5rem; font-weight:800; font-variant-numeric:tabular-nums; }
#recall { background:#713f12; border-color:#a16207; }
#recall:disabled { opacity:.4; }
.board-body { display:grid; grid-template-columns:minmax(0, 1fr) 280px; gap:16px; padding:16px; align-items:start; }
@media (max-width: 1500px) { .board-body { grid-template-columns:minmax(0, 1fr) 230px; } }
@media (max-width: 1000px) { .board-body { grid-template-columns:minmax(0, 1fr); } }
.tickets { display:grid; grid-template-columns:repeat(auto-fill, minmax(300px, 1fr)); gap:16px; align-items:start; }
.empty { grid-column:1 / -1; color:var(--muted); font-size:1.5rem; text-align:center; padding:80px 0; }
.ticket { background:var(--card); border:4px solid var(--green); border-radius:14px; overflow:hidden; display:flex; flex-direction:column; }
/* Two rows: the order number and its age big on top, then table, server and course across the card. */
.t-head { display:flex; flex-wrap:wrap; align-items:center; column-gap:12px; padding:6px 12px 8px; background:var(--green); color:#03140a; }
.ticket.warn { border-color:var(--amber); } .ticket.warn .t-head { background:var(--amber); color:#1c1100; }
.ticket.late { border-color:var(--red); } .ticket.late .t-head { background:var(--red); color:#fff; }
.t-num { font-size:2.4rem; font-weight:900; line-height:1; font-variant-numeric:tabular-nums; }
.t-meta { order:3; flex:1 1 100%; min-width:0; overflow-wrap:anywhere; }
.t-table { display:inline; font-size:1.2rem; font-weight:900; margin-right:10px; }
.t-sub { display:inline; font-size:.92rem; font-weight:700; }
.t-age { order:2; margin-left:auto; font-size:1.6rem; font-weight:900; font-variant-numeric:tabular-nums; }
/* ADD / VOID: a full-width strip under the header, readable across the kitchen. */
.badge { font-size:1.2rem; font-weight:900; padding:4px 12px; letter-spacing:.2em; text-align:center; }
.badge.add { background:#1d4ed8; color:#fff; }
.badge.void { background:#b91c1c; color:#fff; }
.badge.platform { background:#111827; color:#fde047; letter-spacing:.08em; }
.t-lines { list-style:none; margin:0; padding:0; }
.line { border-bottom:1px solid var(--line); }
.line-btn { width:100%; display:flex; align-items:baseline; gap:10px; text-align:left; border:0; border-radius:0; background:transparent;
  padding:10px 12px; font-weight:700; }
.line-btn:disabled { opacity:1; }
.qty { font-weight:900; min-width:2.2em; font-size:1.2rem; }
.name { flex:1; font-size:1.2rem; }
.tick { color:var(--green); font-weight:900; font-size:1.3rem; }
.details { margin:-4px 12px 8px 3.4em; color:var(--muted); font-size:.95rem; }
/* Options flow on as few lines as they need: a tall ticket pushes the next ones off the screen. */
.details ul { list-style:none; margin:0; padding:0; display:flex; flex-wrap:wrap; column-gap:14px; }
.details li { white-space:nowrap; }
.details li::before { content:"• "; color:#64748b; }
.seat { color:#e2e8f0; font-weight:800; }
.note { margin:4px 0 0; background:var(--yellow); color:#111; font-weight:800; padding:4px 10px; border-radius:6px; }
.line.done .line-btn, .line.done .details { opacity:.45; }
.line.done .name { text-decoration:line-through; }
.line.voided .name, .line.voided .qty { text-decoration:line-through; color:#fca5a5; }
.kind-void { background:#2a1214; }
.t-foot { padding:10px; }
.bump { width:100%; min-height:64px; background:var(--blue); border-color:var(--blue); color:#fff; font-size:1.3rem; }
.kind-void .bump { background:#b91c1c; border-color:#b91c1c; }
.st-row { display:flex; align-items:center; gap:10px; padding:10px 12px; border-bottom:1px solid var(--line); }
.st-name { flex:1; font-weight:900; text-transform:uppercase; font-size:1.15rem; }
.st-state { font-weight:900; padding:4px 12px; border-radius:8px; }
.st-row.done .st-state { background:#14532d; color:#bbf7d0; }
.st-row.pending .st-state { background:#78350f; color:#fde68a; }
.st-row.void .st-state { background:#7f1d1d; color:#fff; }
.expo-sum { padding:8px 12px; font-weight:800; color:var(--muted); text-align:right; }
.st-items { padding:0 12px 8px 24px; color:var(--muted); font-size:.95rem; }
.allday { position:sticky; top:16px; background:var(--panel); border:2px solid var(--line); border-radius:14px; padding:12px 16px; }
.allday h2 { margin:0 0 8px; font-size:1.3rem; text-transform:uppercase; letter-spacing:.05em; color:var(--muted); }
.allday ol { list-style:none; margin:0; padding:0; }
.allday li { display:flex; gap:12px; padding:6px 0; border-bottom:1px solid var(--line); font-size:1.1rem; font-weight:700; }
.allday .n { min-width:2em; text-align:right; font-weight:900; color:var(--yellow); font-variant-numeric:tabular-nums; }
#toast { position:fixed; left:50%; bottom:24px; transform:translateX(-50%); z-index:30; background:#7f1d1d; color:#fff; font-weight:800;
  padding:16px 24px; border-radius:12px; max-width:90vw; box-shadow:0 6px 24px rgba(0,0,0,.6); }
`;
