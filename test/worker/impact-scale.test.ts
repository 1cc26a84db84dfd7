import { env, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/pledge-fields.ts';
import { COUNTRY_CODES, US_REGIONS } from '../../src/regions.ts';

/**
 * /impact at a real campaign's scale (issue 14: "weighs under 60 KB in all"): pledges confirmed on
 * every day for three years, from every state and territory and every country (a campaign that reaches them all: each one ≥ 5 adds a line), in every role and
 * society, with organizations approved. Seeded in D1, in the tables the page reads, in its own file
 * (each test file has its own D1), so the other impact tests keep their small data.
 */
const YEARS = 3;
const PER_DAY = 25;
const DAYS = 365 * YEARS;

beforeAll(async () => {
  const regions = [...US_REGIONS.map(([code]) => code), ...COUNTRY_CODES];
  const { results: partners } = await env.DB.prepare('SELECT id FROM partners WHERE active = 1 ORDER BY id').all<{ id: string }>();
  // One statement: pledge i is confirmed i / PER_DAY days ago, in the region, role and society it falls on in turn.
  await env.DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?1 - 1)
     INSERT INTO pledges (id, partner_id, email, name, role, region, status, confirmed_at)
     SELECT 'scale-' || i,
            json_extract(?2, '$[' || (i % json_array_length(?2)) || ']'),
            'scale-' || i || '@example.org', 'Seeded',
            json_extract(?3, '$[' || (i % json_array_length(?3)) || ']'),
            json_extract(?4, '$[' || (i % json_array_length(?4)) || ']'),
            'confirmed', date('now', '-' || (i / ?5) || ' days') || 'T12:00:00Z'
     FROM n`,
  )
    .bind(DAYS * PER_DAY, JSON.stringify(partners.map((p) => p.id)), JSON.stringify(ROLES), JSON.stringify(regions), PER_DAY)
    .run();
  await env.DB.prepare(
    `UPDATE pledge_counts SET confirmed = (SELECT count(*) FROM pledges p WHERE p.partner_id = pledge_counts.partner_id AND p.status = 'confirmed')`,
  ).run();
  await env.DB.batch(
    Array.from({ length: 40 }, (_, i) =>
      env.DB.prepare(
        `INSERT INTO organizations (id, name, type, website, domain, list_publicly, status, decided_at)
         VALUES (?1, ?2, 'practice', ?3, ?4, 1, 'approved', datetime('now'))`,
      ).bind(`org-${i}`, `Imaging Practice ${i}`, `https://practice${i}.example.org`, `practice${i}.example.org`),
    ),
  );
});

describe('/impact at a real campaign’s scale', () => {
  it('was seeded as meant: every day for three years, every region shown with its figure', async () => {
    const stats = (await (await SELF.fetch('https://pledge.test/api/stats')).json()) as { total: number; regions: Record<string, number | null> };
    expect(stats.total).toBe(DAYS * PER_DAY);
    expect(stats.regions['US-WY']).toBeGreaterThanOrEqual(5);
    expect(stats.regions['US-AS']).toBeGreaterThanOrEqual(5);
    expect(Object.values(stats.regions).filter((n) => n !== null && n >= 5)).toHaveLength(US_REGIONS.length + COUNTRY_CODES.length);
  });

  for (const lang of ['en', 'es'] as const) {
    it(`weighs under 60 KB in ${lang === 'en' ? 'English' : 'Spanish'}, uncompressed`, async () => {
      const page = await (await SELF.fetch(`https://pledge.test/impact?lang=${lang}`)).text();
      expect(page).toContain(`<html lang="${lang}">`);
      expect(page).toContain(lang === 'en' ? '<h3>Outside the United States</h3>' : '<h3>Fuera de Estados Unidos</h3>');
      expect(page).toContain(lang === 'en' ? '40</b> organizations' : '40</b> organizaciones');
      expect(new TextEncoder().encode(page).length).toBeLessThan(60 * 1024);
    });
  }
});
