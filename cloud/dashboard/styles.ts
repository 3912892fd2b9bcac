/** The dashboard's stylesheet: readable on a phone at home and on a laptop; no web fonts. */
export const DASHBOARD_CSS = `
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d232a;background:#f3f1ec}
a{color:#1f5fbf}header.top{display:flex;align-items:center;gap:18px;padding:12px 24px;background:#1f5f3f;color:#fff}
.brand{font-weight:800;letter-spacing:.05em}.org{font-weight:600;flex:1;font-size:18px;margin:0}.who{display:flex;gap:10px;align-items:center}.who a{color:#fff;white-space:nowrap}
.who button{background:transparent;color:#fff;border:1px solid #fff8;border-radius:6px;padding:5px 10px;font:inherit;cursor:pointer}
form.filters{display:flex;flex-wrap:wrap;gap:12px 18px;align-items:end;padding:14px 24px;background:#fff;border-bottom:1px solid #ddd}
form.filters label{font-weight:600;font-size:13px;display:flex;flex-direction:column;gap:3px}
form.filters input[type=date]{font:inherit;padding:6px 8px;border:1px solid #b9c0c7;border-radius:6px}
fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 12px}legend{font-weight:600;font-size:13px;padding:0}
label.loc{font-weight:400!important;flex-direction:row!important;align-items:center;gap:5px!important;font-size:15px!important}
#apply{padding:8px 18px;font:inherit;font-weight:600;color:#fff;background:#1f5f3f;border:0;border-radius:6px;cursor:pointer}
.quick{display:flex;gap:12px;font-size:14px}
ul.freshness{list-style:none;margin:0;padding:10px 24px;display:flex;flex-wrap:wrap;gap:8px}
p.live{margin:10px 24px 0;font-size:14px}p.live strong{background:#1d7a3a;color:#fff;border-radius:4px;padding:1px 6px;margin-right:4px;font-size:12px;letter-spacing:.04em;text-transform:uppercase}
.fresh{background:#e4f1e8;border-radius:14px;padding:3px 12px;font-size:13px}.fresh.stale{background:#fbe7c6}
section.block{background:#fff;margin:16px 24px;padding:16px 20px;min-width:0;border-radius:10px;box-shadow:0 1px 2px #0002}
h2{margin:0 0 12px;font-size:20px}h3{margin:14px 0 6px;font-size:15px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin-bottom:10px}
.card{border:1px solid #e2e2e2;border-radius:8px;padding:10px 12px}.card .label{font-size:13px;color:#5b6570}
.card .value{font-size:20px;font-weight:700;font-variant-numeric:tabular-nums;white-space:nowrap}.delta{font-size:12px}.delta span{color:#6b737b}
.up{color:#1d7a3a}.down{color:#b3261e}.flat{color:#6b737b}
.two{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(420px,100%),1fr));gap:18px}.two>div{min-width:0}
.table-wrap{overflow-x:auto}.table-head{display:flex;align-items:baseline;justify-content:space-between}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{padding:5px 8px;border-bottom:1px solid #eee;text-align:left;white-space:nowrap}
th{font-size:12px;color:#5b6570;text-transform:uppercase;letter-spacing:.03em}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td small{font-size:11px;margin-left:4px}td.empty{color:#777;text-align:center}
a.csv{font-size:12px;font-weight:600;text-decoration:none;border:1px solid #1f5fbf55;border-radius:4px;padding:1px 6px}
.note,.hint{color:#5b6570;font-size:13px}.heat{max-width:760px}svg.chart{display:block}
svg.chart.narrow{display:none}.heat{overflow-x:auto}.heat svg.heatmap{min-width:572px}
@media (max-width:600px){section.block{margin:10px 8px;padding:12px}header.top{flex-wrap:wrap;padding:10px 12px}.who{flex-wrap:wrap;flex-basis:100%;min-width:0}#who{overflow-wrap:anywhere}form.filters,ul.freshness{padding:10px 12px}p.live{margin:10px 12px 0}.quick{flex-wrap:wrap}.cards{grid-template-columns:repeat(2,1fr)}svg.chart.wide{display:none}svg.chart.narrow{display:block}}
main.message{max-width:560px;margin:10vh auto;background:#fff;padding:24px;border-radius:10px}
`;
