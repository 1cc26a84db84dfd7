import type { Pledge } from '../../src/pledge-schema.ts';

/** Why a pledge was kept but not counted. */
export type FlagReason = 'rate_limit' | 'honeypot' | 'turnstile';

/** What the API puts on the pledge queue: a validated pledge plus what the consumer needs to store it. */
export interface PledgeMessage {
  /** The client's idempotency key (or one the API made): redelivery and retries never double-count. */
  id: string;
  pledge: Pledge;
  flag: FlagReason | null;
  ipHash: string | null;
  /** ISO time the API accepted the pledge. */
  receivedAt: string;
  /**
   * Made on the coalition's own pledge page (this service's origin), not on a society's site: its
   * emails then say so. Absent on a message an older Worker queued: stored as not (0).
   */
  hosted?: boolean;
}
