import https from 'node:https';
import os from 'node:os';
import { serve } from '@hono/node-server';
import type { Logger } from 'pino';
import { closeServer } from '../http/close-server.js';
import { boxNames, type BoxNames } from './box-names.js';
import { ensureTls, tlsDir, type TlsMaterial } from './store.js';

/** How often the box looks at its addresses (DHCP may give it a new one) and at its certificate's end. */
export const RECHECK_MS = 10 * 60_000;

/** What the box knows of its HTTPS side; the pages that help tablets trust it read it. */
export interface HttpsState {
  /** The HTTPS port, once listening. */
  port: number;
  material: TlsMaterial;
}

export interface HttpsListener {
  readonly state: HttpsState;
  server: https.Server;
  /** Looks at the names again and swaps the certificate in place when it must change; what was made. */
  recheck(): Promise<string[]>;
  close(): Promise<void>;
}

export interface HttpsOptions {
  dataDir: string;
  port: number;
  host: string;
  fetch: (request: Request, env: Record<string, unknown>) => Response | Promise<Response>;
  logger: Logger;
  now: () => number;
  /** The box's names now (the host name and interfaces); replaced in tests. */
  names?: () => BoxNames;
}

/**
 * HTTPS for tablets (issue 22): the same app as plain HTTP, on its own port, with a certificate from
 * the box's own CA. Certificates are renewed while the box runs, without a restart: new
 * connections get the new one (tls.Server#setSecureContext).
 */
export async function startHttps(options: HttpsOptions): Promise<HttpsListener> {
  const names = options.names ?? (() => boxNames(os.hostname(), os.networkInterfaces(), options.host));
  const dir = tlsDir(options.dataDir);
  let material = await ensureTls(dir, os.hostname(), names(), options.now());
  report(options.logger, material);
  const server = await new Promise<https.Server>((resolve, reject) => {
    const s = serve({
      fetch: options.fetch, port: options.port, hostname: options.host,
      createServer: https.createServer, serverOptions: { key: material.key, cert: material.cert },
    }, () => resolve(s as https.Server)) as https.Server;
    s.once('error', reject);
  });
  const address = server.address();
  const state: HttpsState = { port: typeof address === 'object' && address ? address.port : options.port, material };

  let checking: Promise<string[]> | null = null;
  const recheck = (): Promise<string[]> => {
    checking ??= ensureTls(dir, os.hostname(), names(), options.now()).then((next) => {
      if (next.made.length > 0) {
        server.setSecureContext({ key: next.key, cert: next.cert });
        report(options.logger, next);
      }
      material = next;
      state.material = next;
      return next.made;
    }).finally(() => { checking = null; });
    return checking;
  };
  const timer = setInterval(() => {
    recheck().catch((err: unknown) => options.logger.error({ err }, 'HTTPS certificate check failed; the current one stays'));
  }, RECHECK_MS);
  timer.unref();

  return {
    state, server, recheck,
    async close() {
      clearInterval(timer);
      await checking?.catch(() => undefined);
      await closeServer(server);
    },
  };
}

function report(logger: Logger, m: TlsMaterial): void {
  if (m.made.length > 0) logger.info({ made: m.made, names: m.names, notAfter: m.notAfter, caFingerprint: m.caFingerprint }, 'HTTPS certificate made');
  if (m.made.includes('new CA')) logger.warn('A new certificate authority was made: tablets must install it (open /certificate on each) to use HTTPS');
  if (m.leftOut.dns.length + m.leftOut.ips.length > 0) {
    logger.warn({ leftOut: m.leftOut }, 'Some of the box\'s names are not on its HTTPS certificate (public addresses, or a host name given after the CA was made): tablets reach the box by the others');
  }
}
