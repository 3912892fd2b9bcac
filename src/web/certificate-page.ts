import { html } from 'hono/html';
import { layout } from './layout.js';

export interface CertificatePageInput {
  scriptUrl: string;
  /** The CA file's name as the tablet saves it. */
  file: string;
  /** Null when HTTPS is off on this box. */
  https: { port: number; fingerprint: string } | null;
}

/** One platform's steps, folded: a tablet shows only its own. */
const steps = (id: string, title: string, items: ReturnType<typeof html>[]) => html`
<details class="platform" id="${id}">
  <summary>${title}</summary>
  <ol>${items.map((item) => html`<li>${item}</li>`)}</ol>
</details>`;

function platforms(file: string) {
  return html`
${steps('android', 'Android tablet or phone (Chrome)', [
    html`Tap <strong>Download the certificate</strong> above; it is saved as <code>${file}</code>.`,
    html`Open <strong>Settings → Security &amp; privacy → More security settings → Encryption &amp; credentials → Install a certificate → CA certificate</strong> (names vary by make: search Settings for “CA certificate”), tap <strong>Install anyway</strong> and pick the file from Downloads.`,
    html`Come back to this page: it checks again and opens the secure address.`,
  ])}
${steps('ipad', 'iPad or iPhone (Safari)', [
    html`Open this page in <strong>Safari</strong>, tap <strong>Download the certificate</strong>, then <strong>Allow</strong>: “Profile downloaded”.`,
    html`Open <strong>Settings → General → VPN &amp; Device Management</strong> (or “Profile Downloaded” at the top of Settings), tap <strong>Brigade box CA</strong>, then <strong>Install</strong>.`,
    html`Open <strong>Settings → General → About → Certificate Trust Settings</strong> and turn on full trust for <strong>Brigade box CA</strong>.`,
    html`Come back to this page in Safari.`,
  ])}
${steps('chromeos', 'Chromebook (Chrome OS)', [
    html`Tap <strong>Download the certificate</strong> above.`,
    html`Open <code>chrome://settings/certificates</code>, tab <strong>Authorities</strong>, <strong>Import</strong>, pick <code>${file}</code>, tick <strong>Trust this certificate for identifying websites</strong>, then <strong>OK</strong>.`,
    html`Come back to this page.`,
  ])}
${steps('computer', 'Windows or Mac computer', [
    html`Windows: open the downloaded file, <strong>Install Certificate → Local Machine → Place all certificates in: Trusted Root Certification Authorities</strong>.`,
    html`Mac: open the file in Keychain Access (System keychain), double-click <strong>Brigade box CA</strong>, <strong>Trust → When using this certificate: Always Trust</strong>.`,
  ])}`;
}

/**
 * GET /certificate: how a tablet comes to trust this box, so the waiter app is served over HTTPS
 * and keeps working offline (browsers run service workers on secure addresses only). Its script
 * (client/certificate/main.ts) checks whether the device already trusts the box and then opens
 * the secure address.
 */
export function certificatePage(input: CertificatePageInput) {
  if (!input.https) {
    return layout('Secure address', html`
<div class="banner bad" role="alert">HTTPS is off on this box (<code>HTTPS_PORT=off</code>). Tablets work over plain HTTP, but the waiter app cannot reload while the box is down.</div>`);
  }
  const body = html`
<p class="lead">Do this once on each tablet. Over the box's secure address the waiter app keeps working — and reloads — while the box restarts or the Wi-Fi drops.</p>
<section id="trust" data-https-port="${input.https.port}" aria-live="polite">
  <p id="trust-status" class="banner">Checking whether this device trusts the box…</p>
  <a id="go-secure" class="button-link" href="#" hidden>Open the waiter app on the secure address</a>
</section>
<section class="card" aria-labelledby="h-download">
  <h2 id="h-download">1. Download the box's certificate</h2>
  <a id="download" class="button-link" href="/ca.crt" download="${input.file}">Download the certificate</a>
  <p class="hint">Its SHA-256 fingerprint, to compare with what the device shows:</p>
  <p class="fingerprint" id="fingerprint">${input.https.fingerprint}</p>
</section>
<section class="card" aria-labelledby="h-install">
  <h2 id="h-install">2. Install it as a trusted authority</h2>
  ${platforms(input.file)}
  <p class="hint">It lets this device trust this box only, for local names (<code>.local</code>) and private addresses: it cannot vouch for any other website.</p>
</section>`;
  return layout('Secure address for tablets', body, input.scriptUrl);
}
