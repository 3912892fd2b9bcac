import { serve, type ServerType } from '@hono/node-server';
import type { Logger } from 'pino';
import type { CloudDb } from './db.js';
import { createCloudApp } from './app.js';
import type { AuthOptions } from './auth/index.js';
import { startChannelRetention } from './channel/retention.js';

export interface CloudServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Serves the cloud app on a port (0 = any free one). Stopping closes the server, not the db. */
export async function startCloudServer(options: { db: CloudDb; logger: Logger; port: number; host?: string; auth?: AuthOptions; metricsToken?: string }): Promise<CloudServer> {
  const app = createCloudApp(options.db, options.logger, { auth: options.auth, metricsToken: options.metricsToken });
  const host = options.host ?? '127.0.0.1';
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  const stopRetention = startChannelRetention(options.db, options.logger);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`,
    port,
    async stop() {
      stopRetention();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets from boxes would hold close() open.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}
