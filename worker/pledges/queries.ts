/**
 * Confirmed pledges: the total over every partner (a society disabled later keeps its pledges
 * in it), and per active partner (PRODUCT.md: "every active partner listed, 0 included").
 */
export async function confirmedCounts(db: D1Database): Promise<{ total: number; partners: Record<string, number> }> {
  const { results } = await db
    .prepare('SELECT c.partner_id, c.confirmed, p.active FROM pledge_counts c JOIN partners p ON p.id = c.partner_id ORDER BY c.partner_id')
    .all<{ partner_id: string; confirmed: number; active: number }>();
  return {
    total: results.reduce((sum, r) => sum + r.confirmed, 0),
    partners: Object.fromEntries(results.filter((r) => r.active === 1).map((r) => [r.partner_id, r.confirmed])),
  };
}
