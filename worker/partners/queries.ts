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
  partnersByOrigin.clear();
  activePartners = null;
}

/** Active partners, by name: the societies a visitor can choose on the hosted page. */
export async function listActivePartners(db: D1Database): Promise<{ id: string; name: string }[]> {
  const { results } = await db.prepare('SELECT id, name FROM partners WHERE active = 1 ORDER BY name').all<{ id: string; name: string }>();
  return results;
}

/** An active partner's name and home origin (its first https origin, else its first), for a link back to its site. */
export async function partnerHome(db: D1Database, id: string): Promise<{ name: string; origin: string } | null> {
  return db
    .prepare(
      `SELECT p.name, o.origin FROM partners p JOIN partner_origins o ON o.partner_id = p.id
       WHERE p.id = ? AND p.active = 1 ORDER BY o.origin LIKE 'https://%' DESC, o.rowid LIMIT 1`,
    )
    .bind(id)
    .first<{ name: string; origin: string }>();
}

const PARTNERS_BY_ORIGIN_CACHE_MS = 30_000;
const partnersByOrigin = new Map<string, { ids: Set<string>; until: number }>();

/** The active partners an origin is registered for (cached briefly per isolate, like the allowlist). */
export async function partnersOfOrigin(db: D1Database, origin: string, now = Date.now()): Promise<Set<string>> {
  const cached = partnersByOrigin.get(origin);
  if (cached && cached.until > now) return cached.ids;
  const { results } = await db
    .prepare(
      `SELECT o.partner_id AS id FROM partner_origins o JOIN partners p ON p.id = o.partner_id
       WHERE o.origin = ? AND p.active = 1`,
    )
    .bind(origin)
    .all<{ id: string }>();
  const ids = new Set(results.map((r) => r.id));
  if (partnersByOrigin.size > 1_000) partnersByOrigin.clear();
  partnersByOrigin.set(origin, { ids, until: now + PARTNERS_BY_ORIGIN_CACHE_MS });
  return ids;
}
