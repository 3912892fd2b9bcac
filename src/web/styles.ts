/**
 * The one stylesheet for pages the box serves. Inline (no external assets): the box works with the
 * internet down, so a page must never wait on a CDN. Large type and 48 px touch targets for tablets.
 */
export const PAGE_CSS = `
:root {
  --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --paper: #ffffff; --bg: #f6f3ee;
  --brand: #9a3412; --brand-dark: #7c2d12; --ok: #1a7f37; --ok-bg: #e8f5ec; --bad: #b42318; --bad-bg: #fdecea;
  font-size: 18px;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif; line-height: 1.5; }
main { max-width: 760px; margin: 0 auto; padding: 32px 20px 64px; }
header.top { display: flex; align-items: center; gap: 14px; margin-bottom: 8px; }
.logo { width: 48px; height: 48px; border-radius: 12px; background: var(--brand); color: #fff; display: grid; place-items: center;
  font-weight: 700; font-size: 26px; flex: none; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0; }
h2 { font-size: 1.25rem; margin: 0 0 4px; }
.lead { color: var(--muted); margin: 8px 0 24px; }
.card { background: var(--paper); border: 1px solid var(--line); border-radius: 14px; padding: 24px; margin-bottom: 20px;
  box-shadow: 0 1px 2px rgba(0,0,0,.04); }
.field { margin-top: 18px; }
.row { display: grid; grid-template-columns: 1fr 1fr; gap: 0 20px; }
@media (max-width: 640px) { .row { grid-template-columns: 1fr; } }
label, .label { display: block; font-weight: 600; margin-bottom: 6px; }
input[type=text], input[type=password], input[type=number], select {
  width: 100%; min-height: 52px; padding: 10px 14px; font: inherit; color: inherit; background: #fff;
  border: 1.5px solid var(--line); border-radius: 10px; }
input:focus, select:focus { outline: 3px solid rgba(154,52,18,.25); border-color: var(--brand); }
input[aria-invalid=true], select[aria-invalid=true] { border-color: var(--bad); background: var(--bad-bg); }
.hint { color: var(--muted); font-size: .9rem; margin: 6px 0 0; }
.field-error { color: var(--bad); font-weight: 600; font-size: .95rem; margin: 6px 0 0; }
.field-error::before { content: "⚠ "; }
.choices { display: grid; gap: 10px; }
.choice { display: flex; gap: 12px; align-items: flex-start; padding: 12px 14px; border: 1.5px solid var(--line); border-radius: 10px;
  cursor: pointer; font-weight: normal; margin: 0; }
.choice:has(input:checked) { border-color: var(--brand); background: #fff7ed; }
.choice input { width: 22px; height: 22px; margin-top: 3px; accent-color: var(--brand); flex: none; }
.choice strong { display: block; }
.choice span { color: var(--muted); font-size: .9rem; }
.suffix { position: relative; }
.suffix input { padding-right: 44px; }
.suffix::after { content: "%"; position: absolute; right: 16px; top: 50%; transform: translateY(-50%); color: var(--muted); }
button { font: inherit; font-weight: 700; min-height: 56px; padding: 12px 28px; border: 0; border-radius: 12px;
  background: var(--brand); color: #fff; cursor: pointer; width: 100%; font-size: 1.1rem; }
button:hover { background: var(--brand-dark); }
button:disabled { opacity: .6; cursor: progress; }
.banner { border-radius: 12px; padding: 14px 18px; margin-bottom: 20px; font-weight: 600; }
.banner.bad { background: var(--bad-bg); color: var(--bad); border: 1px solid #f5c2bd; }
.banner.ok { background: var(--ok-bg); color: var(--ok); border: 1px solid #b7e0c2; }
a { color: var(--brand); font-weight: 600; }
.links { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 16px; }
.links a { display: inline-block; padding: 12px 18px; border: 1.5px solid var(--line); border-radius: 10px; background: #fff; text-decoration: none; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 6px 20px; margin: 12px 0 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; font-weight: 600; }
code { white-space: nowrap; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; background: #f0ebe3; padding: 2px 6px; border-radius: 6px; }
#done { margin-top: 20px; }
.button-link { display: flex; align-items: center; justify-content: center; min-height: 56px; padding: 12px 28px; border-radius: 12px;
  background: var(--brand); color: #fff; text-decoration: none; font-size: 1.1rem; margin-top: 12px; text-align: center; }
#trust { margin-bottom: 20px; }
#trust .banner { margin-bottom: 0; }
.fingerprint { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .8rem; overflow-wrap: anywhere; margin: 4px 0 0; }
details.platform { border: 1.5px solid var(--line); border-radius: 10px; margin-top: 12px; }
details.platform summary { min-height: 52px; padding: 12px 16px; font-weight: 700; cursor: pointer; }
details.platform ol { margin: 0; padding: 0 16px 12px 40px; }
details.platform li { margin-top: 6px; }
[hidden] { display: none !important; }
`;
