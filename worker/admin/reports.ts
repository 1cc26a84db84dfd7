/** Maintainers' reports. Admin-only and rare, so plain aggregates over pledges are fine here. */
import { GIVEN_UP } from './given-up.ts';

export interface PledgeExportRow {
  id: string;
  partner_id: string;
  name: string;
  email: string;
  role: string;
  organization: string | null;
  region: string | null;
  updates: number;
  reminders: number;
  lang: string;
  source: string | null;
  status: string;
  flagged: number;
  flag_reason: string | null;
  created_at: string;
  confirmed_at: string | null;
}

export async function pledgesForExport(db: D1Database): Promise<PledgeExportRow[]> {
  const { results } = await db
    .prepare(
      `SELECT id, partner_id, name, email, role, organization, region, updates, reminders, lang, source, status,
              flagged, flag_reason, created_at, confirmed_at
       FROM pledges WHERE status != 'withdrawn' ORDER BY created_at, id`,
    )
    .all<PledgeExportRow>();
  return results;
}

type Counted = { confirmed: number; pending: number; flagged: number; withdrawn: number };
/** The four counts, over pledges aliased `x`. */
const COUNTS = `sum(x.status = 'confirmed' AND x.flagged = 0) AS confirmed,
                sum(x.status = 'pending' AND x.flagged = 0) AS pending,
                sum(x.flagged = 1) AS flagged,
                sum(x.status = 'withdrawn') AS withdrawn`;

export async function campaignStats(db: D1Database) {
  const [total, partners, roles, days, sources, givenUp] = await db.batch([
    db.prepare(`SELECT ${COUNTS} FROM pledges x`),
    db.prepare(
      `SELECT p.id AS partner, p.name, p.active, ${COUNTS}
       FROM partners p LEFT JOIN pledges x ON x.partner_id = p.id GROUP BY p.id ORDER BY p.id`,
    ),
    db.prepare(`SELECT x.role, ${COUNTS} FROM pledges x GROUP BY x.role ORDER BY x.role`),
    db.prepare(`SELECT substr(x.created_at, 1, 10) AS day, ${COUNTS} FROM pledges x GROUP BY day ORDER BY day`),
    // Per society and source code (NULL: no source); which newsletter, poster or booth worked.
    db.prepare(
      `SELECT x.partner_id AS partner, x.source, ${COUNTS} FROM pledges x
       GROUP BY x.partner_id, x.source ORDER BY x.partner_id, x.source IS NULL, x.source`,
    ),
    // Emails given up on after every try, which a maintainer may send again (given-up.ts).
    db.prepare(`SELECT count(*) AS n FROM email_outbox WHERE ${GIVEN_UP}`),
  ]);
  const zero = (r: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v ?? 0])) as Counted & Record<string, unknown>;
  return {
    total: zero((total?.results[0] ?? {}) as Record<string, unknown>),
    partners: (partners?.results ?? []).map((r) => zero(r as Record<string, unknown>)),
    roles: (roles?.results ?? []).map((r) => zero(r as Record<string, unknown>)),
    days: (days?.results ?? []).map((r) => zero(r as Record<string, unknown>)),
    sources: (sources?.results ?? []).map((r) => {
      const row = r as { partner: string; source: string | null };
      return { ...zero(r as Record<string, unknown>), partner: row.partner, source: row.source };
    }),
    emailsGivenUp: Number((givenUp?.results[0] as { n?: number } | undefined)?.n ?? 0),
  };
}
