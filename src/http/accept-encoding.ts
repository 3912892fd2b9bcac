/**
 * True when an Accept-Encoding header allows gzip (RFC 9110 §12.5.3): `gzip` or `*` listed with a
 * q-value above 0, and not refused by name. Browsers send `gzip, deflate, br`; a client that sends
 * nothing gets the identity encoding.
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let star = false;
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const allowed = q === undefined || Number(q.slice(2)) > 0;
    if (coding === 'gzip' || coding === 'x-gzip') return allowed;
    if (coding === '*') star = allowed;
  }
  return star;
}
