import type { Pledge } from '../../src/pledge-schema.ts';

/**
 * Stores a pledge unless its id or its (normalized) email is already stored.
 * Returns whether a row was written; callers must not reveal it to clients.
 */
export async function insertPledge(db: D1Database, id: string, pledge: Pledge): Promise<boolean> {
  const results = await db.batch([
    db
      .prepare(
        `INSERT INTO pledges (id, partner_id, email, name, role, organization, region, updates, lang)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      )
      .bind(
        id,
        pledge.partner,
        pledge.email,
        pledge.name,
        pledge.role,
        pledge.organization || null,
        pledge.region || null,
        pledge.updates ? 1 : 0,
        pledge.lang ?? 'en',
      ),
    db
      .prepare(
        `INSERT INTO pledge_counts (partner_id, pending) VALUES (?, changes())
         ON CONFLICT (partner_id) DO UPDATE SET pending = pending + excluded.pending`,
      )
      .bind(pledge.partner),
  ]);
  return (results[0]?.meta.changes ?? 0) > 0;
}

/** Confirmed pledges per partner, from the aggregate table. */
export async function confirmedCounts(db: D1Database): Promise<Record<string, number>> {
  const { results } = await db
    .prepare('SELECT partner_id, confirmed FROM pledge_counts ORDER BY partner_id')
    .all<{ partner_id: string; confirmed: number }>();
  return Object.fromEntries(results.map((r) => [r.partner_id, r.confirmed]));
}
