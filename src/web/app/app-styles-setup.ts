/**
 * Styles of the set-up screens (app-page-setup-screens.ts): the floor plan editor's map, where
 * tables are dragged on a grid, and the sync summary. Same palette as app-styles.ts.
 */
export const SETUP_CSS = `
.fe-bar { display:flex; gap:10px; align-items:center; flex-wrap:wrap; margin:0 0 8px; }
.fe-bar #fe-status { flex:1 1 12em; margin:0; }
#fe-status.dirty { color:#fde68a; font-weight:700; }
.fe-wrap { overflow:auto; border:2px solid var(--line); border-radius:12px; background:#0c1014; }
.fe-map { position:relative; background-image:linear-gradient(#1e252d 1px, transparent 1px), linear-gradient(90deg, #1e252d 1px, transparent 1px); }
.fe-table { position:absolute; display:flex; flex-direction:column; align-items:center; justify-content:center; overflow:hidden;
  background:#14352a; border:2px solid var(--green); border-radius:8px; color:var(--ink); font-weight:800; cursor:grab;
  touch-action:none; user-select:none; -webkit-user-select:none; font-size:.9rem; line-height:1.1; }
.fe-table[data-shape="round"] { border-radius:50%; }
.fe-table small { font-weight:600; color:var(--muted); font-size:.75rem; }
.fe-map.small .fe-table small { display:none; }
.fe-map.small .fe-resize { width:14px; height:14px; }
.fe-table.moved { border-style:dashed; border-color:var(--amber); background:#3b2a0b; }
.fe-table.clash { border-color:var(--red); background:#7f1d1d; }
.fe-table.dragging { cursor:grabbing; z-index:5; box-shadow:0 6px 20px rgba(0,0,0,.6); }
.fe-table:focus-visible { outline:3px solid var(--blue); outline-offset:2px; }
.fe-resize { position:absolute; right:0; bottom:0; width:22px; height:22px; cursor:nwse-resize; touch-action:none;
  background:linear-gradient(135deg, transparent 50%, var(--amber) 50%); border-bottom-right-radius:6px; }
.fe-table[data-shape="round"] .fe-resize { right:12%; bottom:12%; border-radius:4px; }
.sync-summary { font-size:1.3rem; font-weight:800; padding:12px 16px; border-radius:12px; background:var(--panel); border:2px solid var(--line); margin:4px 0 12px; }
.sync-summary.ok { border-color:var(--green); color:#bbf7d0; }
.sync-summary.bad { border-color:var(--amber); color:#fde68a; }
.sync-summary.off { color:var(--muted); }
.sync-summary.minor { font-size:1.05rem; font-weight:700; }
#sync-figures .wide { grid-column:span 2; }
#sync-figures .wide strong { font-size:1.05rem; overflow-wrap:anywhere; }
#sync-down { color:var(--ink); font-weight:700; }
.printer-facts.bad { color:#fecaca; }
@media (max-width:600px) { #printer-list .office-row { flex-wrap:wrap; } #printer-list .row-actions { width:100%; justify-content:flex-start; } }
.office-row .row-actions { display:flex; gap:6px; flex-wrap:wrap; justify-content:flex-end; }
`;
