/** Confirmed pledges per partner, from the aggregate table. */
export async function confirmedCounts(db: D1Database): Promise<Record<string, number>> {
  const { results } = await db
    .prepare('SELECT partner_id, confirmed FROM pledge_counts ORDER BY partner_id')
    .all<{ partner_id: string; confirmed: number }>();
  return Object.fromEntries(results.map((r) => [r.partner_id, r.confirmed]));
}
