import { serve, type ServerType } from '@hono/node-server';
import type { Logger } from 'pino';
import type { CloudDb } from './db.js';
import { createCloudApp } from './app.js';
import type { AuthOptions } from './auth/index.js';
import { startChannelRetention } from './channel/retention.js';
import { WebhookWorker, webhookSettingsFromEnv, type WebhookWorkerOptions } from './webhooks/worker.js';
import { startLoyaltyExpiry } from './loyalty/expire.js';
import { DeliveryWorker, type DeliveryWorkerOptions } from './delivery/worker.js';
import { startBookingReminders } from './booking/reminders.js';
import { NotificationWorker, mailSettingsFromEnv, openTransport, type MailTransport, type NotificationWorkerOptions } from './notify/index.js';

export interface CloudServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Serves the cloud app on a port (0 = any free one) and runs the webhook worker beside it
 * (`webhooks.worker: false` leaves it to the caller, as tests with their own clock do), the
 * delivery platforms' worker, the notification worker, the booking reminders and the loyalty expiry. Stopping closes the server and the workers, not the db.
 */
export async function startCloudServer(options: { db: CloudDb; logger: Logger; port: number; host?: string; auth?: AuthOptions; metricsToken?: string;
  webhooks?: WebhookWorkerOptions & { worker?: boolean }; delivery?: DeliveryWorkerOptions;
  /** Mail out (issue 20): the transport from CLOUD_MAIL_TRANSPORT unless given; `worker: false` leaves sending to the caller. */
  notifications?: NotificationWorkerOptions & { transport?: MailTransport; worker?: boolean } }): Promise<CloudServer> {
  const hooks = { ...webhookSettingsFromEnv(), ...options.webhooks };
  const app = createCloudApp(options.db, options.logger, { auth: options.auth, metricsToken: options.metricsToken, webhooks: hooks });
  const host = options.host ?? '127.0.0.1';
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  const stopRetention = startChannelRetention(options.db, options.logger);
  const worker = hooks.worker === false ? null : new WebhookWorker(options.db, options.logger, hooks).start();
  const stopExpiry = startLoyaltyExpiry(options.db, options.logger);
  const stopReminders = startBookingReminders(options.db, options.logger);
  // Platform statuses out and the hold rule (issue 21): never on the request path.
  const delivery = new DeliveryWorker(options.db, options.logger, options.delivery);
  delivery.start();
  const mail = options.notifications ?? {};
  const notifier = mail.worker === false ? null
    : new NotificationWorker(options.db, mail.transport ?? openTransport(mailSettingsFromEnv(), options.logger), options.logger, mail).start();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`,
    port,
    async stop() {
      stopRetention();
      await worker?.stop();
      stopExpiry();
      stopReminders();
      await delivery.stop();
      await notifier?.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets from boxes would hold close() open.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}
