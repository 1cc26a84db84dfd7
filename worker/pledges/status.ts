/** Confirming and withdrawing a pledge, each one D1 transaction that also keeps the counts. */

/** `withdrawn`: its person withdrew it (a tombstone remains); `gone`: erased, unconfirmed after 30 days. */
export type ConfirmResult = 'confirmed' | 'already-confirmed' | 'withdrawn' | 'gone';

export async function confirmPledge(db: D1Database, id: string): Promise<ConfirmResult> {
  const at = new Date().toISOString();
  const [update] = await db.batch([
    db.prepare(`UPDATE pledges SET status = 'confirmed', confirmed_at = ?, next_details = NULL WHERE id = ? AND status = 'pending'`).bind(at, id),
    // changes() is the row the UPDATE above confirmed (0 on a replay); flagged pledges are never counted.
    db.prepare(
      `UPDATE pledge_counts SET confirmed = confirmed + changes(), pending = pending - changes()
       WHERE partner_id = (SELECT partner_id FROM pledges WHERE id = ? AND flagged = 0)`,
    ).bind(id),
  ]);
  if ((update?.meta.changes ?? 0) > 0) return 'confirmed';
  const status = await pledgeStatus(db, id);
  return status === 'confirmed' ? 'already-confirmed' : status === 'withdrawn' ? 'withdrawn' : 'gone';
}

/** A pledge's status (`pending`, `confirmed`, `withdrawn`), or undefined once it is erased. */
export async function pledgeStatus(db: D1Database, id: string): Promise<string | undefined> {
  return (await db.prepare('SELECT status FROM pledges WHERE id = ?').bind(id).first<{ status: string }>())?.status;
}

/**
 * What a pledge's link pages show, in one read: its status, its role, and its society (`partner`,
 * only while that society takes pledges: for a "pledge again" link) with its name. Undefined once
 * the pledge is erased.
 */
export async function pledgeForLink(
  db: D1Database,
  id: string,
): Promise<
  { status: string; role: string; lang: string | null; society: string; partner: string | undefined; region: string | null; updates: boolean; name: string | null; organization: string | null } | undefined
> {
  const row = await db
    .prepare(
      'SELECT p.status, p.role, p.lang, p.region, p.updates, p.name, p.organization, s.name AS society, CASE WHEN s.active = 1 THEN s.id END AS partner FROM pledges p JOIN partners s ON s.id = p.partner_id WHERE p.id = ?',
    )
    .bind(id)
    .first<{ status: string; role: string; lang: string | null; society: string; partner: string | null; region: string | null; updates: number; name: string | null; organization: string | null }>();
  return row ? { ...row, partner: row.partner ?? undefined, updates: row.updates === 1 } : undefined;
}

/**
 * The pledge kept for an address (one at most: `email` is unique), for a pledger's request made to the
 * coalition: with what the dashboard says of it (held for review and why, waiting for its confirmation and
 * where that email is, or confirmed and when). A withdrawn pledge keeps no address, so it is never found.
 */
export interface PledgeOfAddress {
  id: string;
  partner: string;
  partnerId: string;
  /** 1 while it is held for review (flagged, pending): never counted, never emailed. */
  flaggedPending: number;
  status: 'pending' | 'confirmed';
  flagReason: string | null;
  receivedAt: string | null;
  confirmedAt: string | null;
  /**
   * Its confirmation email's outbox status (`queued`, `sending`, `sent`, `failed`, `cancelled`), or null: of its
   * confirmations (the first, and any a repeat pledge sent), the newest that went, else one still to go, else the newest.
   */
  confirmEmail: string | null;
  confirmSentAt: string | null;
  /** Why it failed or was not sent (`gave_up`, `rejected`, `suppressed`, `mailbox_cap`, …): an error code only. */
  confirmError: string | null;
  /** 1 when whether the provider took it is unknown (never on the "Emails given up on" list). */
  confirmInDoubt: number;
}

export async function pledgeOfAddress(db: D1Database, email: string): Promise<PledgeOfAddress | null> {
  return db
    .prepare(
      `SELECT p.id, coalesce(s.name, p.partner_id) AS partner, p.partner_id AS partnerId, (p.flagged = 1 AND p.status = 'pending') AS flaggedPending,
              p.status, p.flag_reason AS flagReason, coalesce(p.received_at, p.created_at) AS receivedAt, p.confirmed_at AS confirmedAt,
              o.status AS confirmEmail, o.sent_at AS confirmSentAt, o.last_error AS confirmError, o.in_doubt_since IS NOT NULL AS confirmInDoubt
       FROM pledges p LEFT JOIN partners s ON s.id = p.partner_id
         LEFT JOIN email_outbox o ON o.id = (
           SELECT e.id FROM email_outbox e WHERE e.pledge_id = p.id AND e.kind = 'confirm'
           ORDER BY e.status = 'sent' DESC, e.status IN ('queued', 'sending') DESC, e.created_at DESC, e.id DESC LIMIT 1)
       WHERE p.email = ? AND p.status != 'withdrawn'`,
    )
    .bind(email)
    .first<PledgeOfAddress>();
}

/**
 * Erases a pledger's personal data, keeping an anonymous tombstone (partner, role, dates)
 * so the counts stay honest; cancels any email still waiting for them.
 */
/**
 * `mailbox` (its `mailboxKey`), when given, has its count of pledge emails cleared: the
 * person withdrew through their own signed link, so pledging again later must get them a
 * confirmation, not be refused by a cap that exists against strangers.
 */
export async function withdrawPledge(db: D1Database, id: string, mailbox?: string): Promise<void> {
  const at = new Date().toISOString();
  await db.batch([
    ...(mailbox ? [db.prepare('DELETE FROM mailbox_quota WHERE mailbox = ?').bind(mailbox)] : []),
    db.prepare(
      `UPDATE pledge_counts SET
         confirmed = confirmed - (SELECT count(*) FROM pledges WHERE id = ?1 AND status = 'confirmed' AND flagged = 0),
         pending = pending - (SELECT count(*) FROM pledges WHERE id = ?1 AND status = 'pending' AND flagged = 0),
         withdrawn = withdrawn + (SELECT count(*) FROM pledges WHERE id = ?1 AND status != 'withdrawn')
       WHERE partner_id = (SELECT partner_id FROM pledges WHERE id = ?1)`,
    ).bind(id),
    db.prepare(`UPDATE email_outbox SET status = 'cancelled', updated_at = ?2 WHERE pledge_id = ?1 AND status IN ('queued', 'sending')`).bind(id, at),
    // Reported actions are kept, anonymous (they leave the public count with the pledge: actionCounts); their free-text notes go with the person.
    db.prepare('UPDATE pledge_actions SET note = NULL WHERE pledge_id = ?1').bind(id),
    db.prepare(
      `UPDATE pledges SET status = 'withdrawn', withdrawn_at = ?2, name = '', email = 'withdrawn:' || id,
         organization = NULL, region = NULL, ip_hash = NULL, updates = 0, next_details = NULL
       WHERE id = ?1 AND status != 'withdrawn'`,
    ).bind(id, at),
  ]);
}
