import { env, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDay } from '../../worker/platform/pages/locale.ts';

/**
 * An analyst's pass at the public picture: /impact's chart of pledges over time gives the total
 * confirmed up to the end of each period it shows, and the page (and /api/stats) give the total and
 * the pledges active this year. Read at the moment a year after a period shown ended, those that
 * lapsed are the pledges confirmed up to then less those renewed since: so the chart's figure less
 * the lapsed ones (total − active) is how many people renewed, a count that must not be 1 to 4.
 */
const DAY = 86_400_000;
const isoDaysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

async function seed(rows: { n: number; confirmedDaysAgo: number; renewedDaysAgo?: number }[]) {
  const statements: D1PreparedStatement[] = [];
  for (const r of rows) {
    for (let i = 0; i < r.n; i++) {
      const id = crypto.randomUUID();
      statements.push(
        env.DB.prepare(
          `INSERT INTO pledges (id, partner_id, email, name, role, region, status, confirmed_at, recommitted_at)
           VALUES (?, 'rsna', ?, 'Seeded', 'radiologist', 'US-CA', 'confirmed', ?, ?)`,
        ).bind(id, `${id}@example.org`, isoDaysAgo(r.confirmedDaysAgo), r.renewedDaysAgo === undefined ? null : isoDaysAgo(r.renewedDaysAgo)),
        env.DB.prepare("UPDATE pledge_counts SET confirmed = confirmed + 1 WHERE partner_id = 'rsna'"),
      );
    }
  }
  await env.DB.batch(statements);
}

/** The figures of the chart's table, oldest first, with the period each row names. */
function chartRows(page: string): { label: string; total: number }[] {
  const table = page.slice(page.indexOf('aria-labelledby="time-heading"'));
  return [...table.slice(0, table.indexOf('</table>')).matchAll(/<th scope="row">([^<]*)<\/th><td class="num">([\d,]+)<\/td>/g)].map((m) => ({
    label: m[1]!,
    total: Number(m[2]!.replace(/,/g, '')),
  }));
}

describe('pledges active this year, beside the chart over time', () => {
  beforeAll(async () => {
    // Nine confirmed more than a year ago (in one month, 420 days back), two of whom renewed a
    // few weeks ago; six confirmed this month. Nothing was confirmed between that month's end and
    // a year ago: as it is for anyone who reads the page the moment a year after the month ended.
    await seed([
      { n: 7, confirmedDaysAgo: 420 },
      { n: 2, confirmedDaysAgo: 420, renewedDaysAgo: 20 },
      { n: 6, confirmedDaysAgo: 3 },
    ]);
  });

  it('never lets the number who renewed (1 to 4) be worked out as the chart’s figure a year ago less those that lapsed', async () => {
    const page = await (await SELF.fetch('https://pledge.test/impact?lang=en')).text();
    const stats = (await (await SELF.fetch('https://pledge.test/api/stats')).json()) as { total: number; active: number | null };
    expect(stats.total).toBe(15);
    // The chart shows the month a year and more ago (9 by its end) and this one (15).
    const rows = chartRows(page);
    expect(rows.map((r) => r.total)).toEqual([9, 15]);
    expect(rows[0]!.label).toBe(formatDay(`${isoDaysAgo(420).slice(0, 7)}-01`, 'en'));
    const shownOnPage = page.match(/<li><b>([\d,]+)<\/b> active pledges/)?.[1];
    for (const active of [stats.active, shownOnPage === undefined ? null : Number(shownOnPage.replace(/,/g, ''))]) {
      if (active === null) continue; // not shown: nothing to subtract
      const renewed = rows[0]!.total - (stats.total - active);
      expect(renewed < 1 || renewed > 4, `${renewed} renewed, worked out from active = ${active}`).toBe(true);
    }
  });

  it('still publishes the active pledges when no one, or 5 or more, renewed', async () => {
    await seed([{ n: 3, confirmedDaysAgo: 430, renewedDaysAgo: 15 }]); // 5 renewed in all, 7 lapsed
    const stats = (await (await SELF.fetch('https://pledge.test/api/stats')).json()) as { total: number; active: number | null };
    expect(stats).toMatchObject({ total: 18, active: 11 });
    const page = await (await SELF.fetch('https://pledge.test/impact?lang=es')).text();
    expect(page).toContain('<li><b>11</b> compromisos activos');
  });
});
