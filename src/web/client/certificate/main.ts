/**
 * The certificate page's browser code (GET /certificate): says whether this device trusts the box
 * yet, and once it does, opens the waiter app on the secure address.
 */
import { $ } from '../shared/dom.js';
import { secureUrl, trustsBox } from '../shared/secure-origin.js';

const port = Number($('trust').getAttribute('data-https-port'));
const status = $('trust-status');
const go = $<HTMLAnchorElement>('go-secure');

function trusted(): void {
  status.className = 'banner ok';
  status.textContent = location.protocol === 'https:' ? 'This device trusts the box: you are on its secure address.' : 'This device trusts the box.';
  go.href = location.protocol === 'https:' ? '/app/' : secureUrl(port, '/app/');
  go.hidden = false;
}

function check(): void {
  if (location.protocol === 'https:') return trusted();
  void trustsBox(port).then((ok) => {
    if (ok) return trusted();
    status.className = 'banner bad';
    status.textContent = 'This device does not trust the box yet: download and install the certificate below, then come back here.';
  });
}

// Open the steps for this device's platform; the others stay folded.
const ua = navigator.userAgent;
// iPadOS Safari says "Macintosh": a Mac with a touch screen is an iPad.
const platform = /Android/.test(ua) ? 'android' : /iPad|iPhone/.test(ua) || (/Macintosh/.test(ua) && navigator.maxTouchPoints > 1) ? 'ipad'
  : /CrOS/.test(ua) ? 'chromeos' : 'computer';
document.getElementById(platform)?.setAttribute('open', '');

check();
// Back from the device's settings: check again.
document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') check(); });
