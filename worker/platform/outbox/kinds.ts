/**
 * What the outbox sends is open to every capability: each kind of email has a composer that
 * turns a claimed outbox row into the email to send, or into null when it should no longer
 * go out (its person withdrew, unsubscribed or is suppressed; its update was cancelled).
 * Capabilities export their composers; `worker/index.ts` gathers them into one table.
 */
import type { Lang } from '../../../src/pledge-fields.ts';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers (List-Unsubscribe, …; every composer's `contentLanguage`); never From, To or Subject. */
  headers?: Record<string, string>;
  /**
   * What becomes true once this email is handed over (never sent to the provider): statements run in
   * the same D1 batch as the row's mark as sent, so they take effect with it, and never for an email
   * that failed, was given up on or was cancelled before its hand-off.
   */
  afterSent?: D1PreparedStatement[];
}

/** An outbox row as its composer sees it, once claimed. */
export interface OutboxRow {
  id: string;
  kind: string;
  pledge_id: string | null;
  ref: string | null;
  attempts: number;
  /**
   * 1 once the row has had its turn at its mailbox's count (`takeMailboxQuotas`, which marks it in the
   * same batch): a retry takes no second place, and an attempt that failed before the count leaves it 0.
   */
  counted?: number;
  /** How the previous attempt ended (null: none yet, or it was not recorded). */
  last_error?: string | null;
  /** When an attempt first ended with its outcome unknown (OUTCOME_UNKNOWN): null if none has. */
  in_doubt_since?: string | null;
}

/** Why a row was not sent, recorded as its `last_error` when it is cancelled. */
export interface Skip {
  skip: string;
}

export interface Composer {
  (env: Env, row: OutboxRow): Promise<OutgoingEmail | Skip>;
  /**
   * Optional: composes many claimed rows of this kind at once, one result per row in order
   * (one query for a queue batch instead of one per row). Without it, rows are composed one by one.
   */
  many?: (env: Env, rows: OutboxRow[]) => Promise<(OutgoingEmail | Skip)[]>;
}

export type EmailKinds = Readonly<Record<string, Composer>>;

/**
 * The language an email is written in (RFC 3282 `Content-Language`), which every composer sets:
 * mail clients read it to offer a translation (or not to), and to pick a screen reader's voice for
 * the plain-text part. One tag, never a list (an update in English framed in Spanish says the
 * update's own language: see updates/emails.ts). Cloudflare's Email Service allows the header.
 */
export const contentLanguage = (lang: Lang): { 'Content-Language': Lang } => ({ 'Content-Language': lang });

/**
 * What every bulk email (an update, the 30-day check-in, the yearly renewal) says of itself: sent by
 * a machine to many (RFC 3834's `Auto-Submitted`, which out-of-office and other automatic replies
 * must not answer, and Exchange's own switch for them), so an update to thousands of pledgers does
 * not fill the coalition's reply mailbox with "I am away" answers. Cloudflare's Email Service
 * allows both headers (the first by name, the second as an X- header).
 */
export const AUTOMATED: Readonly<Record<string, string>> = { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'OOF, AutoReply' };
