/**
 * A pledge's signed link, checked against the pledge it names. A pledge's id is chosen by the
 * client (the widget's attempt id) and becomes free again when an unconfirmed pledge is erased
 * after 30 days; a token made before the row now under that id was stored is not for that row
 * (it would let whoever kept an old link confirm, withdraw or edit someone else's pledge).
 */
import { checkToken, type LinkAction, type TokenCheck } from '../platform/tokens.ts';

/** Clock slack between the Worker, which signs, and D1, which stamps `created_at`. */
const CLOCK_SLACK_MS = 60_000;

export type PledgeLinkAction = Exclude<LinkAction, 'org-confirm' | 'org-withdraw' | 'org-change'>;

export async function checkPledgeToken(env: Env, token: string, action: PledgeLinkAction, requestUrl: string, now = Date.now()): Promise<TokenCheck> {
  const check = await checkToken(env, token, action, now, requestUrl);
  if (!check.ok) return check;
  const row = await env.DB.prepare('SELECT created_at FROM pledges WHERE id = ?').bind(check.pledgeId).first<{ created_at: string }>();
  if (row && Date.parse(row.created_at) > check.issuedAt + CLOCK_SLACK_MS) return { ok: false, reason: 'invalid' };
  return check;
}
