/**
 * The menu editor's styles (part of the waiter app's stylesheet): category heads with their
 * actions, dish forms in two columns on a tablet and one on a phone, read-only fields the cloud
 * manages, and the import's problem table. Colours keep text ≥ 4.5:1 on its background.
 */
export const MENU_EDIT_CSS = `
.cat-block { margin:0 0 14px; }
.cat-head { display:flex; gap:8px; align-items:center; justify-content:space-between; flex-wrap:wrap; margin:14px 0 6px; }
.office .cat-head h2 { margin:0; flex:1 1 12em; min-width:0; overflow-wrap:anywhere; }
.cat-head h2 small { display:block; text-transform:none; font-size:.85rem; }
.row-actions { display:flex; gap:6px; flex-wrap:wrap; }
.add-row { width:100%; background:transparent; border-style:dashed; color:var(--ink); text-align:left; }
.central-note { background:#422006; color:#fde68a; border:2px solid var(--amber); border-radius:10px; padding:10px 14px; font-weight:700; }
.form-grid { display:grid; grid-template-columns:repeat(2, minmax(0, 1fr)); gap:0 12px; }
@media (max-width:600px) { .form-grid { grid-template-columns:minmax(0, 1fr); } }
select { min-height:56px; padding:8px 14px; border-radius:10px; border:2px solid var(--line); background:#0c1014; width:100%; }
select:focus { outline:3px solid var(--blue); outline-offset:1px; }
input:disabled, select:disabled, textarea:disabled { opacity:1; color:var(--muted); border-style:dashed; }
.managed { display:block; color:#fde68a; font-weight:700; font-size:.85rem; margin:-2px 0 4px; }
.field-error { margin:4px 0 0; }
.field-error:empty, .prompt:empty { display:none; }
.check-list { border:2px solid var(--line); border-radius:10px; margin:12px 0 0; padding:6px 12px 10px; }
.check-list legend { color:var(--muted); font-weight:700; padding:0 4px; }
.modal-box label.check { display:flex; align-items:center; gap:10px; min-height:48px; margin:0; color:var(--ink); }
.check input { width:28px; min-height:28px; height:28px; margin:0; }
.import-form label { display:block; color:var(--muted); font-weight:700; margin:10px 0 4px; }
.ok-note { color:#bbf7d0; background:#14532d; border-radius:10px; padding:10px 16px; font-weight:700; }
.table-scroll { overflow-x:auto; }
#import-problems { border-collapse:collapse; width:100%; background:var(--card); }
#import-problems th, #import-problems td { text-align:left; padding:8px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
#import-problems th { color:var(--muted); }
#import-problems td { overflow-wrap:anywhere; }
#import-problems td:first-child { white-space:nowrap; }
.office-row small.changed { color:var(--muted); font-weight:600; }
`;
