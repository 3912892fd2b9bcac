/**
 * Moving a tablet from the box's plain HTTP address to its HTTPS one (issue 22). Browsers keep
 * the offline copy (the service worker) on secure addresses only, and the box cannot tell whether
 * a tablet trusts its certificate: the tablet tries, and moves when it works.
 */

/** `path` on the box's HTTPS port, by the name or address this page was opened with. */
export function secureUrl(port: number, path: string): string {
  return `https://${location.hostname}:${port}${path}`;
}

/**
 * Whether this device trusts the box's certificate: a request to the HTTPS port succeeds only when
 * it does (a certificate error is a network error to fetch). The answer is opaque; success is enough.
 */
export function trustsBox(port: number, timeoutMs = 4000): Promise<boolean> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  return fetch(secureUrl(port, '/healthz'), { mode: 'no-cors', cache: 'no-store', signal: abort.signal })
    .then(() => true, () => false)
    .finally(() => clearTimeout(timer));
}

/** The box's ports from GET /tls (null when HTTPS is off or the box cannot be reached). */
export function boxPorts(): Promise<{ httpPort: number; httpsPort: number | null } | null> {
  return fetch('/tls', { cache: 'no-store' })
    .then((res) => (res.ok ? res.json() as Promise<{ httpPort: number; https: { port: number } | null }> : null))
    .then((body) => body && { httpPort: body.httpPort, httpsPort: body.https?.port ?? null }, () => null);
}
