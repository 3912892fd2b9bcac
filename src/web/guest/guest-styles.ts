/** The guest page's styles: a phone held in one hand, big targets, readable in a dim room. */
export const GUEST_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1b18;background:#faf7f2;padding-bottom:88px}
.top{position:sticky;top:0;z-index:2;display:flex;align-items:baseline;justify-content:space-between;gap:8px;padding:14px 16px;background:#1f3a2e;color:#fff}
.top h1{margin:0;font-size:20px}
.table-label{font-weight:600;white-space:nowrap;background:#fff2;border-radius:999px;padding:2px 10px}
.closed,.message{margin:12px 16px;padding:12px;border-radius:10px}
.closed{background:#fff4d6;border:1px solid #e8c35a}
.message{background:#fde8e6;border:1px solid #e0736b}
.help{display:flex;gap:8px;padding:12px 16px 0}
.help button{flex:1}
button{font:inherit;border-radius:10px;border:0;padding:12px 14px;min-height:44px;cursor:pointer}
button:disabled{opacity:.45;cursor:default}
.primary{background:#1f3a2e;color:#fff;font-weight:600}
.ghost{background:#fff;border:1px solid #cfc7ba;color:#1d1b18}
.small{padding:6px 10px;min-height:36px;font-size:14px}
.wide{width:100%}
.category h2{margin:20px 16px 8px;font-size:18px}
.item{display:flex;gap:12px;justify-content:space-between;margin:0 12px 8px;padding:12px;background:#fff;border-radius:12px;box-shadow:0 1px 2px #0001}
.item h3{margin:0 0 2px;font-size:16px}
.item .desc{margin:0;color:#5c554b;font-size:14px}
.allergens{margin:4px 0 0;color:#8a4b00;font-size:13px}
.item-side{display:flex;flex-direction:column;align-items:flex-end;justify-content:space-between;gap:6px;min-width:86px}
.price{font-weight:600}
.add{background:#e7efe9;color:#1f3a2e;font-weight:600;padding:8px 14px}
.unavailable{opacity:.55}
.unavailable h3{text-decoration:line-through}
.badge{font-size:12px;font-weight:700;text-transform:uppercase;background:#d9d2c6;border-radius:6px;padding:3px 6px}
.requests{margin:12px 12px 0;padding:4px 12px 10px;background:#fff;border-radius:12px;box-shadow:0 1px 2px #0001}
.requests h2{font-size:16px;margin:8px 0}
.request{border-top:1px solid #eee6da;padding:8px 0}
.request-head{display:flex;justify-content:space-between;gap:8px}
.state{font-weight:600;border-radius:999px;padding:1px 10px;background:#eee6da}
.state-waiting .state{background:#fff4d6}
.state-accepted .state,.state-in_kitchen .state{background:#dcebff}
.state-ready .state,.state-served .state{background:#d7f0dc}
.state-refused .state{background:#fde8e6}
.request-lines,.reason{margin:4px 0 0;font-size:14px;color:#5c554b}
.reason{color:#9b2c22}
.cart-bar{position:fixed;left:0;right:0;bottom:0;padding:12px 16px calc(12px + env(safe-area-inset-bottom));background:#faf7f2ee;border-top:1px solid #e5ddd0}
dialog{border:0;border-radius:16px 16px 0 0;padding:0;width:100%;max-width:560px;margin:auto auto 0;max-height:92vh}
dialog::backdrop{background:#0006}
.sheet{padding:16px;display:flex;flex-direction:column;gap:10px}
.sheet h2{margin:0}
.group{border:1px solid #e5ddd0;border-radius:10px;padding:6px 10px}
.group legend{font-weight:600;padding:0 4px}
.group small{font-weight:400;color:#5c554b}
.opt{display:flex;align-items:center;gap:10px;min-height:40px}
.opt input{width:22px;height:22px}
.opt .delta{margin-left:auto;color:#5c554b}
.opt.off{opacity:.5}
.qty-row{display:flex;align-items:center;gap:12px}
.qty-row span:first-child{flex:1}
.round{width:44px;height:44px;border-radius:50%;padding:0;background:#e7efe9;font-size:22px}
.qty{min-width:24px;text-align:center;font-weight:700}
input,textarea{font:inherit;padding:10px;border:1px solid #cfc7ba;border-radius:10px;width:100%}
.actions{display:flex;gap:8px}
.actions button{flex:1}
.cart-line{display:grid;grid-template-columns:1fr auto auto;gap:8px;align-items:center;border-bottom:1px solid #eee6da;padding:6px 0}
.cart-line small{display:block;color:#5c554b}
.total{display:flex;justify-content:space-between;font-size:18px}
`;
