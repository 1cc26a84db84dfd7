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

const PARTNER_CACHE_MS = 30_000;
let activePartners: { ids: Set<string>; until: number } | null = null;

/** Whether a partner id exists and is active (the active set is read at most every 30 s per isolate). */
export async function isActivePartner(db: D1Database, id: string, now = Date.now()): Promise<boolean> {
  if (!activePartners || activePartners.until <= now) {
    const { results } = await db.prepare('SELECT id FROM partners WHERE active = 1').all<{ id: string }>();
    activePartners = { ids: new Set(results.map((r) => r.id)), until: now + PARTNER_CACHE_MS };
  }
  return activePartners.ids.has(id);
}

/** Forget cached origins and partners (after a maintainer changes partners). */
export function clearPartnerCaches(): void {
  originCache.clear();
  activePartners = null;
}
