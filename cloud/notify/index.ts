/** Messages to people (issue 20): queue inside your transaction, the worker sends. See docs/guests.md#notifications. */
export { queueNotification, wakeNotificationWorker, type Notification } from './queue.js';
export { NotificationWorker, RETRY_WAITS_MS, type NotificationWorkerOptions } from './worker.js';
export { mailSettingsFromEnv, openTransport, logTransport, smtpTransport, PermanentMailError, DEFAULT_MAIL_FROM,
  type MailTransport, type MailSettings, type OutgoingMail } from './transports.js';
