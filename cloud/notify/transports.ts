/**
 * How a message leaves the cloud (issue 20). `log` (the default) writes it to the service's log, so
 * a fresh install or a test sends nothing to anyone and a developer still reads the link in a
 * verification mail; `smtp` hands it to a mail server through nodemailer (a maintained library: SMTP,
 * TLS and its error codes are not ours to write).
 */
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

export interface OutgoingMail {
  /** The notification's id: also the Message-ID, so a receiver can drop a second copy of a retried send. */
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
}

export interface MailTransport {
  readonly name: 'log' | 'smtp';
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** A refusal no retry can cure (a 5xx from the mail server: no such mailbox, rejected sender). */
export class PermanentMailError extends Error {}

export function logTransport(logger: Logger): MailTransport {
  return {
    name: 'log',
    async send(mail) {
      logger.info({ notification: mail.id, kind: mail.kind, to: mail.to, subject: mail.subject, text: mail.text }, 'notification (log transport: not sent)');
    },
    close() {},
  };
}

export function smtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    name: 'smtp',
    async send(mail) {
      try {
        await transporter.sendMail({
          from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? undefined,
          messageId: `<${mail.id}@brigade.notifications>`,
          headers: { 'X-Brigade-Kind': mail.kind },
        });
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        if (typeof code === 'number' && code >= 500 && code < 600) throw new PermanentMailError((error as Error).message);
        throw error;
      }
    },
    close() { transporter.close(); },
  };
}

export interface MailSettings { transport: 'log' | 'smtp'; smtpUrl?: string; from: string }

export const DEFAULT_MAIL_FROM = 'Brigade <no-reply@brigade.invalid>';

/** CLOUD_MAIL_TRANSPORT (log | smtp), CLOUD_SMTP_URL (smtp[s]://user:pass@host:port), CLOUD_MAIL_FROM. */
export function mailSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): MailSettings {
  const transport = (env.CLOUD_MAIL_TRANSPORT || 'log').toLowerCase();
  if (transport !== 'log' && transport !== 'smtp') throw new Error(`CLOUD_MAIL_TRANSPORT must be "log" or "smtp", not "${transport}".`);
  if (transport === 'smtp' && !env.CLOUD_SMTP_URL) throw new Error('CLOUD_MAIL_TRANSPORT=smtp needs CLOUD_SMTP_URL, e.g. smtp://user:password@mail.example.com:587.');
  return { transport, smtpUrl: env.CLOUD_SMTP_URL, from: env.CLOUD_MAIL_FROM || DEFAULT_MAIL_FROM };
}

export function openTransport(settings: MailSettings, logger: Logger): MailTransport {
  return settings.transport === 'smtp' ? smtpTransport(settings.smtpUrl!, settings.from) : logTransport(logger);
}
