import type { EntityManager } from '@mikro-orm/postgresql';

/** A mail as the outbox stores it; `clientId` is the tenant of the account (null for platform admins). */
export interface OutgoingMail {
  clientId: number | null;
  kind: string;
  to: string;
  subject: string;
  body: string;
}

export interface QueuedMail extends OutgoingMail {
  id: number;
}

/** Where queued mail goes after the transaction that queued it has committed (server/mail-sender.ts). */
export interface MailDispatch {
  afterCommit(mails: readonly QueuedMail[]): void;
}

/**
 * Every mail is a row first, written in the caller's transaction: a reset token and the mail that carries it
 * commit together or not at all. Sending happens after the commit, from the row.
 */
export async function enqueueMail(em: EntityManager, mail: OutgoingMail): Promise<QueuedMail> {
  const rows: Array<{ id: string | number }> = await em.execute(
    `insert into mail_outbox (client_id, kind, to_address, subject, body) values (?, ?, ?, ?, ?) returning id`,
    [mail.clientId, mail.kind, mail.to, mail.subject, mail.body],
  );
  return { ...mail, id: Number(rows[0]!.id) };
}
