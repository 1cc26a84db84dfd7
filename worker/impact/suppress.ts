/**
 * Small-cell suppression, the usual public-health rule for small areas: a count from 1 to 4 is
 * never published. It becomes `null` ("fewer than 5"); 0 and 5 or more are published as they are.
 * Every public figure broken down by region or role goes through here.
 */
import { SMALLEST_PUBLISHED } from '../../src/smallest-published.ts';

export { SMALLEST_PUBLISHED };

export type Suppressed = number | null;

export function suppress(n: number): Suppressed {
  return n > 0 && n < SMALLEST_PUBLISHED ? null : n;
}

/**
 * A breakdown whose cells add up to a figure published exactly (every confirmed pledge has one
 * role, and `total` is exact): suppressing each small cell alone is not enough, since the total
 * minus the published cells is what the hidden ones hold together. So here every cell under 5 is
 * `null`, 0 included (a lone hidden cell beside published zeros would be the whole difference);
 * and when the hidden cells would still give a count under 5 away (together 1 to 4, a single
 * hidden cell, or hidden cells that could only all be 4), the smallest published cells are hidden
 * with them. `null` then means "not published": fewer than 5, or hidden so that no count under 5
 * can be worked out, the hidden cells' sum included.
 */
export function suppressPartition<K extends string>(counts: Record<K, number>): Record<K, Suppressed> {
  const keys = Object.keys(counts) as K[];
  const hidden = new Set(keys.filter((k) => counts[k] < SMALLEST_PUBLISHED));
  const givesAway = () => {
    const together = [...hidden].reduce((s, k) => s + counts[k], 0);
    if (together === 0) return false; // all zero: nobody to give away
    // Total less the published cells: "these roles together hold 2" is a count under 5.
    if (together < SMALLEST_PUBLISHED) return true;
    if (hidden.size === 1) return true;
    // Small cells that add up to 4 each can only each be 4.
    return [...hidden].every((k) => counts[k] < SMALLEST_PUBLISHED) && together === hidden.size * (SMALLEST_PUBLISHED - 1);
  };
  while (givesAway() && hidden.size < keys.length) {
    // Every shown cell at the smallest count goes, ties included: picking one of them by its
    // place in the list would tell which one was picked.
    const smallest = Math.min(...keys.filter((k) => !hidden.has(k)).map((k) => counts[k]));
    for (const k of keys) if (counts[k] === smallest) hidden.add(k);
  }
  return Object.fromEntries(keys.map((k) => [k, hidden.has(k) ? null : counts[k]])) as Record<K, Suppressed>;
}

/**
 * A part of a figure published exactly (the pledges active this year, of the `whole` total):
 * published only when neither it nor the rest (`whole − part`: the pledges that lapsed) is a count
 * from 1 to 4. Alone, an exact `active` beside the exact total gave the lapsed count away.
 */
export function suppressPart(part: number, whole: number): Suppressed {
  return suppress(part) === null || suppress(whole - part) === null ? null : part;
}

/**
 * The regions pledgers gave, beside the exact total. Every region code is listed (see
 * PublicCounts.regions), each from 1 to 4 as `null`, none as `null` too, so a hidden one may hold
 * none and no one region can be worked out. What the total less the published regions still
 * tells is what the hidden regions and the pledges that gave none (`without`) hold together: when
 * that is 1 to 4, the smallest published regions (ties together) are hidden too, so it is 0 or 5
 * and more. `withheld` says whether a region was hidden that way (it then holds 5 or more).
 */
export function suppressRegions(counts: Record<string, number>, without: number): { regions: Record<string, Suppressed>; withheld: boolean } {
  const keys = Object.keys(counts).filter((k) => counts[k]! > 0);
  const hidden = new Set(keys.filter((k) => counts[k]! < SMALLEST_PUBLISHED));
  const together = () => Math.max(0, without) + [...hidden].reduce((sum, k) => sum + counts[k]!, 0);
  let withheld = false;
  while (together() > 0 && together() < SMALLEST_PUBLISHED && hidden.size < keys.length) {
    const smallest = Math.min(...keys.filter((k) => !hidden.has(k)).map((k) => counts[k]!));
    for (const k of keys) if (counts[k] === smallest) hidden.add(k);
    withheld = true;
  }
  return { regions: Object.fromEntries(keys.map((k) => [k, hidden.has(k) ? null : counts[k]!])), withheld };
}
