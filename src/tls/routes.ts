import { z } from '@hono/zod-openapi';
import { newRouter } from '../http/router.js';
import { defineRoute } from '../http/route.js';
import { jsonContent } from '../http/schemas.js';
import { AppError } from '../errors.js';
import { clientAssets } from '../web/client-bundle.js';
import { certificatePage } from '../web/certificate-page.js';
import type { HttpsState } from './https-listener.js';

/** What the routes read of the box's HTTPS side: null while it is off (HTTPS_PORT=off, or it failed to start). */
export interface TlsInfo {
  https(): HttpsState | null;
  /** The plain HTTP port (pairing starts there on a tablet that does not trust the box yet). */
  httpPort(): number;
}

const TlsStatus = z.object({
  httpPort: z.number().int(),
  https: z.object({
    port: z.number().int(),
    caFingerprint: z.string().openapi({ description: 'SHA-256 of the CA certificate (GET /ca.crt), as phones show it' }),
    names: z.object({ dns: z.array(z.string()), ips: z.array(z.string()) }).openapi({ description: 'The names and addresses the HTTPS certificate is valid for' }),
    notAfter: z.string().openapi({ description: 'When the HTTPS certificate ends (the box renews it 30 days before)' }),
  }).nullable(),
}).openapi('TlsStatus');

const getTls = defineRoute('public', {
  method: 'get', path: '/tls', tags: ['setup'],
  summary: 'The box\'s HTTPS port and certificate authority (install GET /ca.crt on tablets; see /certificate)',
  responses: { 200: jsonContent(TlsStatus) },
});

/** The CA file's name on the tablet. */
const CA_FILE = 'brigade-box-ca.crt';

/**
 * Helping a tablet trust the box (issue 22): GET /tls (API), GET /ca.crt (the CA certificate, for
 * the tablet's certificate settings) and GET /certificate (the page that says how, per platform).
 * All public: a tablet does this before it is paired, and a CA certificate is no secret.
 */
export function tlsRoutes(tls: TlsInfo) {
  return newRouter()
    .openapi(getTls, (c) => {
      const on = tls.https();
      c.header('Cache-Control', 'no-store');
      return c.json({
        httpPort: tls.httpPort(),
        https: on && { port: on.port, caFingerprint: on.material.caFingerprint, names: on.material.names, notAfter: on.material.notAfter.toISOString() },
      }, 200);
    })
    .get('/ca.crt', (c) => {
      const on = tls.https();
      if (!on) throw new AppError('HTTPS_OFF', 'HTTPS is off on this box, so there is no certificate to install. Set HTTPS_PORT (default 8443) and restart the box.');
      // The type phones recognise as a CA certificate to install (Android, iOS, Chrome OS).
      c.header('Content-Type', 'application/x-x509-ca-cert');
      c.header('Content-Disposition', `attachment; filename="${CA_FILE}"`);
      c.header('Cache-Control', 'no-cache');
      return c.body(on.material.caPem);
    })
    .get('/certificate', async (c) => {
      c.header('Cache-Control', 'no-store');
      const on = tls.https();
      const page = certificatePage({ scriptUrl: (await clientAssets()).certificate.url, file: CA_FILE, https: on && { port: on.port, fingerprint: on.material.caFingerprint } });
      return c.html(page);
    });
}
