import { ROLES } from '../../src/pledge-fields.ts';
import { COUNTRY_CODES, US_REGIONS } from '../../src/regions.ts';
import { confirmedCounts } from '../pledges/queries.ts';
import { suppressPartition, suppressRegions, type Suppressed } from './suppress.ts';

/** The public picture of the campaign: confirmed, unflagged pledges only, small cells suppressed. */
export interface PublicCounts {
  total: number;
  /** Per partner, from the aggregate table (the contract's exact figures, as before). */
  partners: Record<string, number>;
  /** Per role, every role listed; `null` = 1 to 4. */
  roles: Record<string, Suppressed>;
  /**
   * Every ISO region code a pledge may give (US states and territories, countries); `null` = fewer
   * than 5, none included (suppressRegions). A region with no pledge reads as one with 1 to 4:
   * otherwise its code appearing between two answers would tell where the one person who just
   * confirmed lives.
   */
  regions: Record<string, Suppressed>;
}

/** Confirmed pledges by day they were confirmed, for the chart over time. */
export interface Day {
  day: string;
  confirmed: number;
}

const COUNTED = `status = 'confirmed' AND flagged = 0`;

/** Every region a pledge may give, as not published: the regions' answer before any figure is put in. */
const UNPUBLISHED_REGIONS: Record<string, Suppressed> = Object.fromEntries([...US_REGIONS.map(([code]) => code), ...COUNTRY_CODES].map((code) => [code, null]));

/**
 * The public counts. Totals and partners come from the aggregate table; roles and regions are
 * GROUP BYs over covering indexes (migration 0009), so D1 reads index entries, not rows; the
 * callers cache the answer (STATS_CACHE_SECONDS), so they run a few times a minute at most.
 */
export async function publicCounts(db: D1Database): Promise<PublicCounts> {
  const [{ total, partners }, [roles, regions]] = await Promise.all([
    confirmedCounts(db),
    db.batch<{ key: string; n: number }>([
      db.prepare(`SELECT role AS key, count(*) AS n FROM pledges WHERE ${COUNTED} GROUP BY role`),
      db.prepare(`SELECT region AS key, count(*) AS n FROM pledges WHERE ${COUNTED} AND region IS NOT NULL GROUP BY region`),
    ]),
  ]);
  const byRole = new Map((roles?.results ?? []).map((r) => [r.key, r.n]));
  const byRegion = Object.fromEntries((regions?.results ?? []).map((r) => [r.key, r.n]));
  return {
    total,
    partners,
    // Roles add up to the exact total, so they are suppressed together (see suppressPartition).
    roles: suppressPartition(Object.fromEntries(ROLES.map((role) => [role, byRole.get(role) ?? 0]))),
    regions: { ...UNPUBLISHED_REGIONS, ...suppressRegions(byRegion) },
  };
}

/** Confirmed pledges per day of confirmation, oldest first. */
export async function confirmedByDay(db: D1Database): Promise<Day[]> {
  const { results } = await db
    .prepare(
      // Searched through the index pledges_confirmed_by_day (status, flagged, day), in day order.
      `SELECT substr(confirmed_at, 1, 10) AS day, count(*) AS confirmed FROM pledges
       WHERE ${COUNTED} GROUP BY day ORDER BY day`,
    )
    .all<Day>();
  return results.filter((d) => d.day); // a confirmed pledge always has its date; never draw a null
}

/** Active member societies, by name. */
export async function activePartnerNames(db: D1Database): Promise<{ id: string; name: string }[]> {
  const { results } = await db
    .prepare('SELECT id, name FROM partners WHERE active = 1 ORDER BY name')
    .all<{ id: string; name: string }>();
  return results;
}
