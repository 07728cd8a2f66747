import nodemailer, { type Transporter } from 'nodemailer';
import type { MailDispatch, QueuedMail } from '../domain/mail/outbox.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { Orm } from './db/orm.ts';
import { unscoped } from '../domain/shared/scope.ts';

const BATCH = 20;
const MAX_ATTEMPTS = 6;
const SWEEP_MS = 30_000;

export interface MailSender extends MailDispatch {
  /** Sends what is due now (claimed with SKIP LOCKED, so nodes never send one row twice); returns how many were sent. */
  drain(): Promise<number>;
  close(): void;
}

interface Claimed {
  id: string | number;
  to_address: string;
  subject: string;
  body: string | null;
  attempts: number;
}

/**
 * Drains `mail_outbox` over SMTP (nodemailer) when `SMTP_URL` is set: right after a commit that queued mail,
 * and every 30 s for retries (1, 2, 4 ... minutes apart, at most 6 attempts). A sent row loses its body (a
 * reset mail carries a live token). Without `SMTP_URL` nothing is sent and nothing claims to be: the row stays
 * `pending` and a log line says so (with the body outside production, so a developer can follow the link).
 */
export function createMailSender(config: Config, orm: Orm, logger: Logger): MailSender {
  const smtpUrl = config.mail.smtpUrl;
  if (!smtpUrl) {
    return {
      afterCommit(mails) {
        for (const m of mails) {
          const shown = config.env === 'production' ? {} : { body: m.body };
          logger.warn(
            { mailId: m.id, to: m.to, subject: m.subject, ...shown },
            'mail not sent: SMTP_URL is not configured (it stays pending in mail_outbox)',
          );
        }
      },
      drain: async () => 0,
      close: () => undefined,
    };
  }

  const transport: Transporter = nodemailer.createTransport(smtpUrl);
  let running: Promise<number> | null = null;
  let again = false;
  // The outbox is the platform's: a reset mail may go to any tenant's account.
  const outbox = () => unscoped(orm.em, 'the mail outbox serves every tenant');

  async function claim(): Promise<Claimed[]> {
    return outbox().execute(
      `update mail_outbox set attempts = attempts + 1, next_attempt_at = now() + interval '1 minute' * power(2, attempts)
       where id in (
         select id from mail_outbox where status = 'pending' and next_attempt_at <= now() order by id limit ${BATCH} for update skip locked
       ) returning id, to_address, subject, body, attempts`,
    );
  }

  async function sendBatch(): Promise<number> {
    const conn = outbox();
    let sent = 0;
    for (const row of await claim()) {
      try {
        await transport.sendMail({
          from: config.mail.from,
          to: row.to_address,
          subject: row.subject,
          text: row.body ?? '',
        });
        await conn.execute(
          `update mail_outbox set status = 'sent', sent_at = now(), body = null, last_error = null where id = ?`,
          [row.id],
        );
        sent++;
      } catch (err) {
        const message = (err as Error).message.slice(0, 500);
        const failed = row.attempts >= MAX_ATTEMPTS;
        await conn.execute(
          `update mail_outbox set last_error = ?, status = ?, body = case when ? then null else body end where id = ?`,
          [message, failed ? 'failed' : 'pending', failed, row.id],
        );
        logger.warn(
          { mailId: row.id, attempts: row.attempts, err: message },
          failed ? 'mail failed for good' : 'mail not sent; will retry',
        );
      }
    }
    return sent;
  }

  function drain(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        total += await sendBatch();
      } while (again);
      return total;
    })().finally(() => (running = null));
    return running;
  }

  const sweep = setInterval(
    () => void drain().catch((err: Error) => logger.warn({ err: err.message }, 'mail outbox sweep failed')),
    SWEEP_MS,
  );
  sweep.unref();

  return {
    afterCommit(mails: readonly QueuedMail[]) {
      if (mails.length)
        void drain().catch((err: Error) => logger.warn({ err: err.message }, 'mail outbox drain failed'));
    },
    drain,
    close() {
      clearInterval(sweep);
      transport.close();
    },
  };
}
