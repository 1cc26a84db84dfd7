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
   * than 5, none included, or, rarely, hidden so that none of those can be worked out from the
   * total (suppressRegions). A region with no pledge reads as one with 1 to 4: otherwise its code
   * appearing between two answers would tell where the one person who just confirmed lives.
   */
  regions: Record<string, Suppressed>;
}

/** The public counts, and whether a region was hidden for another's sake (for the impact page's words; never published). */
export interface PublicPicture {
  counts: PublicCounts;
  regionsWithheld: boolean;
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
  return (await publicPicture(db)).counts;
}

export async function publicPicture(db: D1Database): Promise<PublicPicture> {
  const [{ total, partners }, [roles, regions]] = await Promise.all([
    confirmedCounts(db),
    db.batch<{ key: string; n: number }>([
      db.prepare(`SELECT role AS key, count(*) AS n FROM pledges WHERE ${COUNTED} GROUP BY role`),
      db.prepare(`SELECT region AS key, count(*) AS n FROM pledges WHERE ${COUNTED} AND region IS NOT NULL GROUP BY region`),
    ]),
  ]);
  const byRole = new Map((roles?.results ?? []).map((r) => [r.key, r.n]));
  const byRegion = Object.fromEntries((regions?.results ?? []).map((r) => [r.key, r.n]));
  // The pledges that gave no region: the total less every region's count (never published).
  const without = total - Object.values(byRegion).reduce((sum, n) => sum + n, 0);
  const picked = suppressRegions(byRegion, without);
  return {
    counts: {
      total,
      partners,
      // Roles add up to the exact total, so they are suppressed together (see suppressPartition).
      roles: suppressPartition(Object.fromEntries(ROLES.map((role) => [role, byRole.get(role) ?? 0]))),
      // So do regions, with the pledges that gave none (see suppressRegions).
      regions: { ...UNPUBLISHED_REGIONS, ...picked.regions },
    },
    regionsWithheld: picked.withheld,
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
