/**
 * Styles of the central menu pages, on top of the cloud's page shell (auth/page-layout.ts). Rows
 * are grids that wrap on a phone; the Save / Publish bar sticks to the bottom of the screen so
 * it is in reach however long the menu is.
 */
export const MENU_CSS = `
main{max-width:1000px;margin:2vh auto;padding:20px 24px 0}
@media (max-width:640px){main{margin:0;border-radius:0;padding:12px 12px 0}}
h2{font-size:1.1rem;margin:26px 0 8px}section>p.hint{margin:0 0 10px;color:#5b6570;font-size:14px}
a{color:#1f5f3f}.ed button{width:auto;margin:0;padding:8px 14px}
button.ghost{background:#fff;color:#8a1c1c;border:1px solid #d9b8b8}button.add{background:#fff;color:#1f5f3f;border:1px dashed #1f5f3f}
input[type=checkbox]{width:auto;margin:0 6px 0 0}.grid>button{justify-self:start}select{width:100%;padding:9px 8px;font:inherit;border:1px solid #b9c0c7;border-radius:8px;background:#fff}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:8px 10px;align-items:end}
.grid label,.head label{margin:0;font-size:13px}.grid label>span,.head label>span{display:block;margin-bottom:3px}
.grid .name{grid-column:span 2}.grid .wide{grid-column:1/-1}
@media (max-width:420px){.grid{grid-template-columns:1fr 1fr}}
label.check{display:flex;align-items:center;font-weight:500;font-size:14px;margin:0;padding:8px 0}
fieldset{border:0;padding:0;margin:0;min-width:0}legend{font-size:13px;font-weight:600;padding:0;margin-bottom:2px}
.choices{display:flex;flex-wrap:wrap;gap:0 16px;min-height:20px;font-size:14px;color:#5b6570}
.head{display:flex;gap:10px;align-items:end;justify-content:space-between}.head .name{flex:1}
.cat,.group,.loc{border:1px solid #e3e0d8;border-radius:10px;padding:12px;margin:0 0 14px;background:#fcfbf8}
.item,.option,.override{border-top:1px solid #e3e0d8;padding:10px 0 8px;margin-top:10px}
.items,.options,.overrides{margin:0 0 10px 0}
.problem{margin:6px 0 0;padding:6px 10px;color:#8a1c1c;background:#fdecec;border-radius:6px;font-size:14px}
[aria-invalid=true]{border-color:#c0392b;outline:2px solid #e8a09a}
.state{display:grid;grid-template-columns:auto 1fr;gap:2px 12px;margin:8px 0;font-size:14px}.state dt{color:#5b6570}.state dd{margin:0;overflow-wrap:anywhere}
.refused{color:#8a1c1c}.pending{color:#8a6a1c}.applied{color:#1f5f3f}
.row-actions{display:flex;gap:8px;flex-wrap:wrap}
.bar{position:sticky;bottom:0;z-index:5;display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:18px -24px 0;padding:10px 24px;background:#fff;border-top:1px solid #d8d4ca;box-shadow:0 -2px 6px #0001}
.bar #note{flex:1 1 200px;font-size:14px;color:#5b6570}
@media (max-width:640px){.bar{margin:18px -12px 0;padding:6px 12px 8px;gap:4px 8px}.bar #note{flex-basis:100%;font-size:13px}.bar button{flex:1;white-space:nowrap}}
#create{padding-bottom:20px}.menus{list-style:none;padding:0;margin:0}.menus li{padding:8px 0;border-bottom:1px solid #e3e0d8}
.ed input,.ed select{font-weight:400}
`;
