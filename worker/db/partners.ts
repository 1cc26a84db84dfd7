/** Partner lookups. Origins are read often and change rarely, so they are cached briefly per isolate. */

const ORIGIN_CACHE_MS = 30_000;
const originCache = new Map<string, { allowed: boolean; until: number }>();

/** Whether `origin` is registered for any active partner. */
export async function isAllowedOrigin(db: D1Database, origin: string, now = Date.now()): Promise<boolean> {
  const cached = originCache.get(origin);
  if (cached && cached.until > now) return cached.allowed;
  const row = await db
    .prepare(
      `SELECT 1 FROM partner_origins o JOIN partners p ON p.id = o.partner_id
       WHERE o.origin = ? AND p.active = 1 LIMIT 1`,
    )
    .bind(origin)
    .first();
  const allowed = row !== null;
  if (originCache.size > 1_000) originCache.clear();
  originCache.set(origin, { allowed, until: now + ORIGIN_CACHE_MS });
  return allowed;
}

/** Whether a partner id exists and is active. */
export async function isActivePartner(db: D1Database, id: string): Promise<boolean> {
  const row = await db.prepare('SELECT 1 FROM partners WHERE id = ? AND active = 1').bind(id).first();
  return row !== null;
}

/** Forget cached origins (after a maintainer changes partners). */
export function clearOriginCache(): void {
  originCache.clear();
}
