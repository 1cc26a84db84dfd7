/**
 * Partner lookups. Partners and their origins are read often and change rarely, so each
 * isolate keeps the whole set (one query) for 30 s. A lookup never queries D1 per origin:
 * a flood of unknown origins costs nothing and evicts nothing.
 */

const CACHE_MS = 30_000;

interface PartnerSet {
  /** Active partner ids. */
  ids: Set<string>;
  /** Every origin registered for an active partner → those partners. */
  origins: Map<string, string[]>;
  /** Every registered origin, a disabled partner's too. */
  registered: Set<string>;
  until: number;
}

let cached: PartnerSet | null = null;
/** Bumped by clearPartnerCaches, so a load that began before a change is not kept. */
let generation = 0;

async function load(db: D1Database, now: number): Promise<PartnerSet> {
  const [partners, origins] = await db.batch<{ id: string; origin: string; active: number }>([
    db.prepare('SELECT id FROM partners WHERE active = 1'),
    db.prepare(`SELECT o.partner_id AS id, o.origin, p.active FROM partner_origins o JOIN partners p ON p.id = o.partner_id ORDER BY o.origin`),
  ]);
  const byOrigin = new Map<string, string[]>();
  const registered = new Set<string>();
  for (const r of origins?.results ?? []) {
    registered.add(r.origin);
    if (r.active) byOrigin.set(r.origin, [...(byOrigin.get(r.origin) ?? []), r.id]);
  }
  return { ids: new Set((partners?.results ?? []).map((r) => r.id)), origins: byOrigin, registered, until: now + CACHE_MS };
}

/** The active partners and their origins, from this isolate's copy (at most 30 s old). */
async function partnerSet(db: D1Database, now = Date.now()): Promise<PartnerSet> {
  if (cached && cached.until > now) return cached;
  // Each request that finds the copy stale loads its own; only the plain result is shared. A request
  // never awaits another request's query: workerd ties I/O to the request that started it, and when
  // requests shared one in-flight load, now and then all its waiters were answered 500 ("Cannot
  // perform I/O on behalf of a different request") with their pledges queued: 16–56 of ~50,000
  // pledges in 100 s at 50 connections, none since (issue 15).
  const started = generation;
  const set = await load(db, now);
  if (started === generation) cached = set;
  return set;
}

/**
 * Whether `origin` is registered for a partner: CORS. A disabled society's site keeps it, so its
 * widget can read the counts and say on load that it is not set up (the counts list only active
 * partners), not look unregistered; its pledges are refused (422) and it may pledge for no other.
 */
export async function isAllowedOrigin(db: D1Database, origin: string, now = Date.now()): Promise<boolean> {
  return (await partnerSet(db, now)).registered.has(origin);
}

/** Whether a partner id exists and is active. */
export async function isActivePartner(db: D1Database, id: string, now = Date.now()): Promise<boolean> {
  return (await partnerSet(db, now)).ids.has(id);
}

/** The origins registered for an active partner (none for an unknown or disabled one). */
export async function originsOf(db: D1Database, id: string, now = Date.now()): Promise<string[]> {
  const set = await partnerSet(db, now);
  if (!set.ids.has(id)) return [];
  return [...set.origins].filter(([, partners]) => partners.includes(id)).map(([origin]) => origin);
}

/** The active partners an origin is registered for, from the same cached set (no query per origin). */
export async function partnersOfOrigin(db: D1Database, origin: string, now = Date.now()): Promise<Set<string>> {
  return new Set((await partnerSet(db, now)).origins.get(origin) ?? []);
}

/** Forget the cached partners (after a maintainer changes them): this isolate sees the change at once. */
export function clearPartnerCaches(): void {
  cached = null;
  generation++;
}

/** Active partners, by name: the societies a visitor can choose on the hosted page. */
export async function listActivePartners(db: D1Database): Promise<{ id: string; name: string }[]> {
  const { results } = await db.prepare('SELECT id, name FROM partners WHERE active = 1 ORDER BY name').all<{ id: string; name: string }>();
  return results;
}

/** An active partner's id, name and home origin (its first https origin, else its first), for a link back to its site. */
export async function partnerHome(db: D1Database, id: string): Promise<{ id: string; name: string; origin: string } | null> {
  return db
    .prepare(
      `SELECT p.id, p.name, o.origin FROM partners p JOIN partner_origins o ON o.partner_id = p.id
       WHERE p.id = ? AND p.active = 1 ORDER BY o.origin LIKE 'https://%' DESC, o.rowid LIMIT 1`,
    )
    .bind(id)
    .first<{ id: string; name: string; origin: string }>();
}
