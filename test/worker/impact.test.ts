import { env, SELF } from 'cloudflare:test';
import { raw } from 'hono/html';
import { beforeAll, describe, expect, it } from 'vitest';
import { US_STATES } from '../../src/regions.ts';
import { impactPage, timeline } from '../../worker/impact/page.ts';
import { suppressPart, suppressPartition, suppressRegions } from '../../worker/impact/suppress.ts';
import { pledge, postPledge, queueDrained, rowsFor } from './helpers.ts';

/** Confirmed pledges written straight to D1 (and to the aggregate table), as confirmation would. */
/** A day some days ago (so "active in the past year" stays true whenever the tests run). */
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

async function seed(rows: { region: string | null; role?: string; partner?: string; day?: string; n: number }[]) {
  const statements: D1PreparedStatement[] = [];
  for (const r of rows) {
    for (let i = 0; i < r.n; i++) {
      const id = crypto.randomUUID();
      statements.push(
        env.DB.prepare(
          `INSERT INTO pledges (id, partner_id, email, name, role, region, status, confirmed_at)
           VALUES (?, ?, ?, 'Seeded', ?, ?, 'confirmed', ?)`,
        ).bind(id, r.partner ?? 'rsna', `${id}@example.org`, r.role ?? 'radiologist', r.region, `${r.day ?? daysAgo(10)}T12:00:00Z`),
        env.DB.prepare('UPDATE pledge_counts SET confirmed = confirmed + 1 WHERE partner_id = ?').bind(r.partner ?? 'rsna'),
      );
    }
  }
  await env.DB.batch(statements);
}

/** Every figure a page shows for a place or a role: cells, figures beside the map, state names. */
function publishedFigures(page: string): string[] {
  return [
    ...[...page.matchAll(/<td class="num">([^<]*)/g)].map((m) => m[1]!.trim()),
    ...[...page.matchAll(/<dd>([^<]*)<\/dd>/g)].map((m) => m[1]!.trim()),
    ...[...page.matchAll(/<title>[^<:]+: ([^<]*)<\/title>/g)].map((m) => m[1]!.trim()),
  ];
}

describe('region as structured data', () => {
  it('takes ISO 3166-2 codes for US states and territories and ISO 3166-1 codes for countries', async () => {
    for (const region of ['US-CA', 'us-wy', ' US-PR ', 'MX', 'ca', '']) {
      const res = await postPledge(pledge({ region }));
      expect(res.status, region).toBe(202);
    }
    const p = pledge({ region: 'us-wy' });
    await postPledge(p);
    await queueDrained();
    expect((await rowsFor(p.email as string))[0]).toMatchObject({ region: 'US-WY' });
  });

  it('refuses anything else with 422 on region, in the pledger’s language', async () => {
    for (const region of ['California', 'Calif.', 'US', 'PR', 'US-XX', 'ZZ', 'US-CA; DROP', 42]) {
      const res = await postPledge(pledge({ region }));
      expect(res.status, String(region)).toBe(422);
      const body = (await res.json()) as { error: { fields: Record<string, string[]> } };
      expect(Object.keys(body.error.fields)).toEqual(['region']);
    }
    const en = (await (await postPledge(pledge({ region: 'Ohio' }))).json()) as { error: { fields: { region: string[] } } };
    expect(en.error.fields.region).toEqual(['Select a US state or territory, or a country, from the list']);
    const es = (await (await postPledge(pledge({ region: 'Ohio', lang: 'es' }))).json()) as { error: { fields: { region: string[] } } };
    expect(es.error.fields.region).toEqual(['Seleccione de la lista un estado o territorio de EE. UU., o un país']);
  });

  it('serves the form’s options by language, to registered partner pages only (CORS as the rest of the API)', async () => {
    const res = await SELF.fetch('https://pledge.test/api/regions?lang=es', { headers: { Origin: 'https://www.rsna.org' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('https://www.rsna.org');
    expect(res.headers.get('Vary')).toContain('Origin');
    const elsewhere = await SELF.fetch('https://pledge.test/api/regions?lang=es', { headers: { Origin: 'https://elsewhere.example' } });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.headers.get('Access-Control-Allow-Origin')).toBeNull();
    const body = (await res.json()) as { us: [string, string][]; countries: [string, string][]; choose: [string, string] };
    expect(body.us).toHaveLength(56);
    expect(body.us).toContainEqual(['US-NY', 'Nueva York']);
    expect(body.us).toContainEqual(['US-PR', 'Puerto Rico']);
    expect(body.countries).toContainEqual(['MX', 'México']);
    expect(body.countries.map(([code]) => code)).not.toContain('US');
    expect(body.countries.map(([code]) => code)).not.toContain('PR');
    expect(body.choose).toEqual(['Elija un estado o territorio', 'Elija un país']);
  });

  it('lets search engines index the public pages (/impact, /organizations, /about) and no other', async () => {
    const origin = env.PUBLIC_ORIGIN.replace(/\/$/, '');
    for (const [path, canonical] of [['/impact', '/impact?lang=en'], ['/impact?lang=es&utm_source=x', '/impact?lang=es'], ['/organizations?type=zzz', '/organizations?lang=en'], ['/about?lang=es&ref=x', '/about?lang=es']]) {
      const text = await (await SELF.fetch(`https://pledge.test${path}`)).text();
      expect(text, path).not.toContain('name="robots"');
      // One address for search engines, whatever the query, and a whole one, on the public origin
      // (as og:url): Google takes hreflang alternates only as fully qualified URLs, and asks for an
      // absolute canonical (a copy of the page served elsewhere, or a proxy's host, would otherwise
      // name itself canonical).
      expect(text, path).toContain(`<link rel="canonical" href="${origin}${canonical!.replace('&', '&amp;')}" />`);
      // And where the same page is in each language.
      for (const l of ['en', 'es']) expect(text, path).toContain(`<link rel="alternate" hreflang="${l}" href="${origin}${canonical!.replace(/lang=\w+/, `lang=${l}`)}" />`);
      // And the page for a reader whose language is neither: the English one. (Not the page without a
      // language chosen: it names the English one canonical, and an alternate must be a canonical address.)
      expect(text, path).toContain(`<link rel="alternate" hreflang="x-default" href="${origin}${canonical!.replace(/lang=\w+/, 'lang=en')}" />`);
    }
    for (const path of ['/join', '/pledge?partner=rsna', '/admin']) {
      expect(await (await SELF.fetch(`https://pledge.test${path}`)).text(), path).toContain('<meta name="robots" content="noindex" />');
    }
  });

  it('refuses a language it does not speak with 422 on lang, in the request\'s language; no lang is English', async () => {
    // A tag for a language it speaks, in capitals or with a region, is that language (as the pledge API reads it).
    for (const [tag, lang] of [['EN', 'en'], ['es-MX', 'es'], ['ES', 'es']]) {
      const res = await SELF.fetch(`https://pledge.test/api/regions?lang=${tag}`);
      expect([res.status, res.headers.get('Content-Language')], tag).toEqual([200, lang]);
    }
    for (const lang of ['fr', 'fr-CA', 'aaaaaaaaaaaaaaaaaaaa', '%ZZ']) {
      const res = await SELF.fetch(`https://pledge.test/api/regions?lang=${lang}`);
      expect(res.status, lang).toBe(422);
      const body = (await res.json()) as { error: { code: string; fields: Record<string, string[]> } };
      expect(body.error.code).toBe('validation');
      expect(Object.keys(body.error.fields)).toEqual(['lang']);
    }
    const spanish = await SELF.fetch('https://pledge.test/api/regions?lang=de', { headers: { 'Accept-Language': 'es' } });
    expect(((await spanish.json()) as { error: { fields: { lang: string[] } } }).error.fields.lang[0]).toMatch(/en, es/);
    for (const url of ['https://pledge.test/api/regions', 'https://pledge.test/api/regions?lang=']) {
      const res = await SELF.fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Language')).toBe('en');
    }
  });

  it('maps free text from before the change where it is unambiguous, and clears the rest (migration 0009)', async () => {
    const before = { a: 'CA', b: 'Calif.', c: 'California', d: 'Austin, TX', e: 'Ohio, USA', f: 'Canada', g: 'México', h: 'N.Y.', i: 'somewhere nice', j: 'USA' };
    for (const [id, region] of Object.entries(before)) {
      await env.DB.prepare(`INSERT INTO pledges (id, partner_id, email, name, role, region) VALUES (?, 'acr', ?, 'Old', 'nurse', ?)`)
        .bind(`old-${id}`, `old-${id}@example.org`, region)
        .run();
    }
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0009'))!;
    // Run the migration's data steps again over these rows (its indexes already exist).
    for (const query of migration.queries) if (!/CREATE INDEX/i.test(query)) await env.DB.prepare(query).run();
    const { results } = await env.DB.prepare(`SELECT id, region FROM pledges WHERE id LIKE 'old-%' ORDER BY id`).all<{ id: string; region: string | null }>();
    expect(Object.fromEntries(results.map((r) => [r.id.slice(4), r.region]))).toEqual({
      a: 'US-CA', b: 'US-CA', c: 'US-CA', d: 'US-TX', e: 'US-OH', f: 'CA', g: 'MX', h: 'US-NY', i: null, j: null,
    });
  });
});

describe('the public counts, with small cells suppressed', () => {
  beforeAll(async () => {
    await seed([
      { region: 'US-CA', n: 12, day: daysAgo(14) },
      { region: 'US-WY', n: 3, role: 'nurse', day: daysAgo(13) },
      { region: 'US-TX', n: 1, role: 'physicist', day: daysAgo(12) },
      { region: 'US-PR', n: 4, partner: 'sir', day: daysAgo(12) },
      { region: 'MX', n: 2, partner: 'sir', day: daysAgo(11) },
      { region: 'CA', n: 5, partner: 'sir', day: daysAgo(10) },
      { region: null, n: 6, role: 'trainee', day: daysAgo(10) },
    ]);
  });

  it('GET /api/stats adds roles and regions to { total, partners }, null for 1 to 4', async () => {
    const body = (await (await SELF.fetch('https://pledge.test/api/stats')).json()) as {
      total: number;
      partners: Record<string, number>;
      roles: Record<string, number | null>;
      regions: Record<string, number | null>;
    };
    expect(body.total).toBe(33);
    expect(body.partners).toMatchObject({ rsna: 22, sir: 11, acr: 0 });
    // Under 5 is null, 0 included: roles add up to the exact total, so a lone hidden role beside
    // published zeros would be the total minus the rest (see suppressPartition's tests). Here the
    // small roles hold 4 together (33 − 23 − 6), and which of the five holds them cannot be told.
    expect(body.roles).toEqual({ radiologist: 23, trainee: 6, technologist: null, physicist: null, nurse: null, leader: null, other: null });
    // Every region is listed, those with none as those with 1 to 4: a code appearing between two
    // answers would tell where the one person who just confirmed lives.
    expect(Object.fromEntries(Object.entries(body.regions).filter(([, n]) => n !== null))).toEqual({ 'US-CA': 12, CA: 5 });
    expect(body.regions).toMatchObject({ 'US-WY': null, 'US-TX': null, 'US-PR': null, MX: null, 'US-OH': null, 'US-MT': null, FR: null });
    expect(Object.keys(body.regions).length).toBeGreaterThan(240);
    expect(Object.values(body.regions)).not.toContain(0);
    for (const value of [...Object.values(body.roles), ...Object.values(body.regions)]) {
      expect(value === null || value === 0 || value >= 5).toBe(true);
    }
  });

  it('GET /api/stats publishes reported actions as null from 1 to 4, as every other count', async () => {
    const actions = async () => ((await (await SELF.fetch('https://pledge.test/api/stats')).json()) as { actions: number | null }).actions;
    expect(await actions()).toBe(0);
    const log = (n: number) =>
      env.DB.batch(Array.from({ length: n }, () => env.DB.prepare(`INSERT INTO pledge_actions (id, kind) VALUES (?, 'outreach')`).bind(crypto.randomUUID())));
    await log(1);
    expect(await actions()).toBeNull();
    await log(3);
    expect(await actions()).toBeNull();
    await log(1);
    expect(await actions()).toBe(5);
    await env.DB.prepare('DELETE FROM pledge_actions').run();
  });

  it('publishes reported actions by kind, hidden as the roles are (they add up to `actions`), in /api/stats and on /impact in both languages', async () => {
    const stats = async () => (await (await SELF.fetch('https://pledge.test/api/stats')).json()) as { actions: number | null; actionsByKind: Record<string, number | null> };
    const impact = async (lang: 'en' | 'es') => (await (await SELF.fetch(`https://pledge.test/impact?lang=${lang}`)).text()).replace(/\s+/g, ' ');
    const log = (kind: string, n: number) =>
      env.DB.batch(Array.from({ length: n }, () => env.DB.prepare(`INSERT INTO pledge_actions (id, kind) VALUES (?, ?)`).bind(crypto.randomUUID(), kind)));
    try {
      // None yet: every kind is 0, and the page says so instead of a table of "not shown".
      expect(await stats()).toMatchObject({ actions: 0, actionsByKind: { screening: 0, language: 0, outreach: 0, mentoring: 0, other: 0 } });
      expect(await impact('en')).toContain('<h2 id="actions-heading">What pledgers report doing</h2>');
      expect(await impact('en')).toContain('<p>No actions reported yet.</p>');
      expect(await impact('es')).toContain('<p>Aún no se ha comunicado ninguna acción.</p>');
      // 1 to 4 in all: no kind is published, nor the breakdown.
      await log('outreach', 3);
      expect(await stats()).toMatchObject({ actions: null, actionsByKind: { screening: null, language: null, outreach: null, mentoring: null, other: null } });
      expect(await impact('en')).toContain('Fewer than 5 actions reported so far: the breakdown appears once there are 5.');
      expect(await impact('en')).not.toContain('aria-labelledby="actions-heading"');
      // 14 in all: 7 outreach, 5 screening shown; 2 mentoring hidden, and the kinds with none with them.
      await log('outreach', 4);
      await log('screening', 5);
      await log('mentoring', 2);
      const body = await stats();
      expect(body.actions).toBe(14);
      expect(body.actionsByKind).toEqual({ screening: 5, language: null, outreach: 7, mentoring: null, other: null });
      const en = await impact('en');
      expect(en).toContain('<table class="bars" aria-labelledby="actions-heading"> <thead><tr><th scope="col">Action</th><th scope="col" class="num">Actions reported</th></tr></thead>');
      expect(en).toMatch(/<th scope="row">Joined a community outreach event<\/th> <td class="num">7 /);
      expect(en).toMatch(/<th scope="row">Reviewed screening access in their practice<\/th> <td class="num">5 /);
      expect(en).toMatch(/<th scope="row">Mentored someone<\/th> <td class="num">not shown /);
      expect(en).toMatch(/<th scope="row">Improved language access or interpreter services<\/th> <td class="num">not shown /);
      const es = await impact('es');
      expect(es).toContain('<h2 id="actions-heading">Lo que comunican haber hecho quienes se comprometieron</h2>');
      expect(es).toMatch(/<th scope="row">Participaron en un evento de alcance comunitario<\/th> <td class="num">7 /);
      // As the form's own "Fui mentor o mentora de alguien": not in the masculine alone.
      expect(es).toMatch(/<th scope="row">Fueron mentores o mentoras de alguien<\/th> <td class="num">no se muestra /);
    } finally {
      await env.DB.prepare('DELETE FROM pledge_actions').run();
    }
  });

  it('the impact page shows “fewer than 5” for 1 to 4, never the count', async () => {
    for (const lang of ['en', 'es'] as const) {
      const page = await (await SELF.fetch(`https://pledge.test/impact?lang=${lang}`)).text();
      const figures = publishedFigures(page);
      expect(figures.length).toBeGreaterThan(56);
      for (const figure of figures) {
        const n = Number(figure.replace(/\D/g, '') || NaN);
        if (Number.isFinite(n)) expect(n === 0 || n >= 5, `${lang}: ${figure}`).toBe(true);
      }
      const fewer = lang === 'en' ? 'fewer than 5' : 'menos de 5';
      expect(page).toContain(lang === 'en' ? `<title>Wyoming: fewer than 5 pledges</title>` : `<title>Wyoming: menos de 5 compromisos</title>`);
      expect(page).toMatch(new RegExp(`<th scope="row">Wyoming</th><td class="num">${fewer}</td>`));
      expect(page).toMatch(new RegExp(`<dt>Puerto Rico</dt><dd>${fewer}</dd>`));
      // Countries are listed from 5 (Canada); Mexico's 2 read as any country's none.
      expect(page).not.toMatch(/<dt>M[eé]xico<\/dt>/);
      expect(page).toMatch(/<dt>Canad[aá]<\/dt><dd>5<\/dd>/);
      // 1–4 is drawn as the lowest band with pledges, like any other small state.
      expect(page).toMatch(/<path class="band-1" data-region="US-WY"/);
      expect(page).toMatch(/<path class="band-1" data-region="US-TX"/);
      expect(page).toMatch(/<path class="band-2" data-region="US-CA"/);
      // None reads as 1 to 4: the lowest band too.
      expect(page).toMatch(/<path class="band-1" data-region="US-OH"/);
      expect(page).not.toContain('class="band-0"');
      // A figure not shown draws an empty bar: a length would suggest the share the text withholds.
      const rows = [...page.matchAll(/<td class="num">([^<]*)\s*<svg class="bar"[^>]*>.*?<rect class="bar__fill" width="([\d.]+)"/gs)];
      const hiddenRows = rows.filter(([, text]) => !/\d/.test(text!) && !/none|ninguno|todavía/i.test(text!));
      expect(hiddenRows.length).toBeGreaterThan(0);
      for (const [, text, width] of hiddenRows) expect(Number(width), text).toBe(0);
    }
  });

  it('hides the societies together, as the roles: one society under 5 beside exact others would be the total\u2019s difference', async () => {
    await seed([{ region: null, partner: 'aur', n: 3 }]);
    try {
      await societiesHidden();
    } finally {
      // Taken out again: the tests after this one count the data as seeded above.
      await env.DB.batch([
        env.DB.prepare(`DELETE FROM pledges WHERE partner_id = 'aur' AND name = 'Seeded'`),
        env.DB.prepare(`UPDATE pledge_counts SET confirmed = confirmed - 3 WHERE partner_id = 'aur'`),
      ]);
    }
  });

  async function societiesHidden() {
    const counts = (await (await SELF.fetch('https://pledge.test/api/stats')).json()) as { total: number; partners: Record<string, number> };
    const page = await (await SELF.fetch('https://pledge.test/impact?lang=en')).text();
    const table = page.slice(page.indexOf('<h2 id="societies-heading">By member society</h2>'), page.indexOf('<h2 id="roles-heading">By role</h2>'));
    // Named by its heading, not a caption saying the heading again (read twice by screen readers).
    expect(table).toContain('<table class="bars" aria-labelledby="societies-heading">');
    // Every table on the page has a name: the heading of its section.
    const tables = [...page.matchAll(/<table[^>]*>/g)].map((m) => m[0]);
    expect(tables.length).toBeGreaterThanOrEqual(3);
    for (const t of tables) {
      const id = t.match(/aria-labelledby="([^"]+)"/)?.[1];
      expect(id, t).toBeTruthy();
      expect(page, id).toMatch(new RegExp(`<h2 id="${id}">`));
    }
    expect(page).not.toContain('<caption');
    const cells = [...table.matchAll(/<th scope="row">[^<]*<\/th>\s*<td class="num">([^<]*?)\s*</g)].map((m) => m[1]!.trim());
    expect(cells.length).toBe(Object.keys(counts.partners).length);
    const shown = cells.filter((c) => /\d/.test(c)).map((c) => Number(c.replace(/\D/g, '')));
    // "not shown", as hidden roles say: "fewer than 5" would be false of a society with none, or hidden with them.
    const hidden = cells.filter((c) => c === 'not shown');
    expect(cells.filter((c) => c === 'fewer than 5')).toEqual([]);
    expect(shown.length + hidden.length + cells.filter((c) => c === 'none yet').length).toBe(cells.length);
    // The API's exact counts include societies from 1 to 4 (its contract); the page's do not give them away.
    expect(Object.values(counts.partners).some((n) => n > 0 && n < 5), 'this data has a small society').toBe(true);
    expect(hidden.length).not.toBe(1);
    for (const n of shown) expect(n === 0 || n >= 5).toBe(true);
    // What the hidden ones hold together could be spread over them in more than one way.
    const together = counts.total - shown.reduce((a, b) => a + b, 0);
    expect(together === 0 || hidden.length >= 2).toBe(true);
  }
});

/** Every way to share `sum` among `n` cells (compositions), for checking what a published breakdown gives away. */
function* shares(sum: number, n: number): Generator<number[]> {
  if (n === 0) return sum === 0 ? yield [] : undefined;
  if (n === 1) return yield [sum];
  for (let first = 0; first <= sum; first++) for (const rest of shares(sum - first, n - 1)) yield [first, ...rest];
}

/**
 * What someone who knows the rule can work out from a published breakdown and its exact total:
 * for each hidden cell, every value it takes among all breakdowns that publish exactly the same.
 */
function possibleValues(published: Record<string, number | null>, total: number): Map<string, Set<number>> {
  const hidden = Object.keys(published).filter((k) => published[k] === null);
  const shown = Object.values(published).reduce<number>((s, v) => s + (v ?? 0), 0);
  const possible = new Map(hidden.map((k) => [k, new Set<number>()]));
  for (const share of shares(total - shown, hidden.length)) {
    const counts = { ...published } as Record<string, number>;
    hidden.forEach((k, i) => (counts[k] = share[i]!));
    if (JSON.stringify(suppressPartition(counts)) !== JSON.stringify(published)) continue;
    hidden.forEach((k, i) => possible.get(k)!.add(share[i]!));
  }
  return possible;
}

/**
 * Every breakdown of every total up to `maxTotal` into `cells`, grouped by what is published: a
 * hidden cell from 1 to 4 that takes one value in all the breakdowns of its group can be worked
 * out. Returns those, as "total: published → cell = value".
 */
function workedOut(cells: number, totals: number[]): string[] {
  const found: string[] = [];
  for (const total of totals) {
    const groups = new Map<string, number[][]>();
    for (const share of shares(total, cells)) {
      const published = JSON.stringify(Object.values(suppressPartition(Object.fromEntries(share.map((n, i) => [`c${i}`, n])))));
      const group = groups.get(published);
      if (group) group.push(share);
      else groups.set(published, [share]);
    }
    for (const [published, group] of groups) {
      JSON.parse(published).forEach((value: number | null, i: number) => {
        const values = new Set(group.map((share) => share[i]!));
        const only = values.size === 1 ? [...values][0]! : 0;
        if (value === null && only > 0 && only < 5) found.push(`${total}: ${published} → cell ${i} = ${only}`);
      });
    }
  }
  return found;
}

describe('any breakdown, checked exhaustively', () => {
  it('lets no count from 1 to 4 be worked out, five cells (the actions\u2019 kinds) with every total up to 24', () => {
    expect(workedOut(5, Array.from({ length: 25 }, (_, t) => t))).toEqual([]);
  });

  it('nor every cell at 4 (all hidden beside a total of 4 a cell), with 3 to 7 cells (7: the roles, the societies)', () => {
    for (const cells of [3, 4, 5, 6, 7]) expect(workedOut(cells, [4 * cells]), `${cells} cells`).toEqual([]);
    // The breakdown that makes "all hidden, 4 a cell" ambiguous is hidden whole too.
    expect(Object.values(suppressPartition({ a: 5, b: 4, c: 4, d: 4, e: 3 }))).toEqual([null, null, null, null, null]);
  }, 120_000); // every way 28 can fall into 7 cells: 18 s on a quiet machine, over the suite's 30 s on a busy one
});

describe('roles, which add up to the exact total', () => {
  const ROLE_KEYS = ['radiologist', 'trainee', 'technologist', 'physicist', 'nurse', 'leader', 'other'];
  const breakdown = (...n: number[]) => Object.fromEntries(ROLE_KEYS.map((k, i) => [k, n[i] ?? 0]));
  const cases = {
    'one small role beside zeros (6 radiologists, 2 trainees)': breakdown(6, 2),
    'the fixture above': breakdown(23, 6, 0, 3, 1),
    'every role has someone, one of them fewer than 5': breakdown(10, 9, 8, 7, 6, 5, 3),
    'three small roles that could only each be 4': breakdown(12, 4, 4, 4, 9, 9, 9),
    'one small role and the rest large': breakdown(40, 30, 20, 10, 8, 6, 1),
    'small roles that could only each be 4, beside two tied at the smallest shown count': breakdown(4, 4, 4, 4, 5, 5, 4),
    'nothing small': breakdown(5, 6, 7, 8, 9, 10, 11),
    'nobody yet': breakdown(),
  };
  for (const [name, counts] of Object.entries(cases)) {
    it(`never lets a count from 1 to 4 be worked out by subtraction: ${name}`, () => {
      const published = suppressPartition(counts);
      const total = Object.values(counts).reduce((s, n) => s + n, 0);
      const smallestShown = Math.min(...Object.values(published).filter((v): v is number => v !== null));
      for (const [role, value] of Object.entries(published)) {
        if (value !== null) expect(value, role).toBeGreaterThanOrEqual(5);
        // Hidden: fewer than 5, or hidden with them, and then never more than a count still shown.
        else if (counts[role]! >= 5) expect(counts[role]!, role).toBeLessThanOrEqual(smallestShown);
      }
      // The total less the published roles is what the hidden ones hold together; which of them holds it, never.
      for (const [role, values] of possibleValues(published, total)) {
        expect(values.has(counts[role]!), `${role}: the truth is among the possibilities`).toBe(true);
        if (counts[role]! > 0) expect(values.size, `${role} (${counts[role]}) can be worked out: ${[...values]}`).toBeGreaterThan(1);
      }
    });
  }

  it('never lets a count from 1 to 4 be worked out, over 150 breakdowns drawn at random (seeded)', () => {
    let seed = 20261129;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let checked = 0;
    let withheldForOthers = 0;
    while (checked < 150) {
      // Each breakdown with its own share of small roles (0 to 4), the rest 5 to 12.
      const small = random();
      const counts = breakdown(...ROLE_KEYS.map(() => (random() < small ? Math.floor(random() * 5) : 5 + Math.floor(random() * 8))));
      const published = suppressPartition(counts);
      const total = Object.values(counts).reduce((s, n) => s + n, 0);
      const shown = Object.values(published).reduce<number>((s, v) => s + (v ?? 0), 0);
      if (total - shown > 12) continue; // keeps the enumeration small; the cases above go further
      checked++;
      for (const [role, value] of Object.entries(published)) if (value === null && counts[role]! >= 5) withheldForOthers++;
      for (const [role, values] of possibleValues(published, total)) {
        if (counts[role]! > 0 && counts[role]! < 5) expect(values.size, `${JSON.stringify(counts)}: ${role} can be worked out`).toBeGreaterThan(1);
      }
    }
    // A role of 5 or more is hidden only to keep a single small one from being the difference.
    expect(withheldForOthers).toBeGreaterThan(0);
  });

  it('hides nothing it need not: 5 or more is shown when the small roles cannot be told apart', () => {
    expect(suppressPartition(breakdown(6, 2, 3))).toEqual({ radiologist: 6, trainee: null, technologist: null, physicist: null, nurse: null, leader: null, other: null });
    // 6 radiologists beside a total of 8 say the other six roles hold 2 together, not which: `null` is "fewer than 5".
    expect(suppressPartition(breakdown(6, 2))).toEqual({ radiologist: 6, trainee: null, technologist: null, physicist: null, nurse: null, leader: null, other: null });
    expect(suppressPartition(breakdown(5, 0, 0, 0, 3))).toEqual({ radiologist: 5, trainee: null, technologist: null, physicist: null, nurse: null, leader: null, other: null });
    expect(suppressPartition(breakdown(5, 6, 7, 8, 9, 10, 11))).toEqual(breakdown(5, 6, 7, 8, 9, 10, 11));
    // One role alone would be hidden: the smallest other one goes with it.
    expect(suppressPartition(breakdown(10, 9, 8, 7, 6, 5, 3))).toEqual({ ...breakdown(10, 9, 8, 7, 6), leader: null, other: null });
  });
});

/** Every region code listed, as /api/stats answers them: the published figures over a list of every code as `null`. */
const listed = (regions: Record<string, number | null>) => ({ ...Object.fromEntries([...US_STATES.map(([c]) => c), 'MX', 'CA', 'FR'].map((c) => [c, null])), ...regions });

describe('regions, which with the pledges that gave none add up to the exact total', () => {
  it('never lets a region\u2019s count from 1 to 4 be worked out, over 300 breakdowns drawn at random (seeded)', () => {
    let seed = 20261202;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let small = 0;
    for (let i = 0; i < 300; i++) {
      const codes = ['US-CA', 'US-NY', 'US-TX', 'US-WY', 'MX', 'CA'].filter(() => random() < 0.6);
      const counts = Object.fromEntries(codes.map((c) => [c, random() < 0.5 ? 1 + Math.floor(random() * 4) : 5 + Math.floor(random() * 6)]));
      const without = random() < 0.5 ? 0 : Math.floor(random() * 7);
      const published = suppressRegions(counts);
      // From 5, every region is published as it is; from 1 to 4, never.
      for (const [code, n] of Object.entries(counts)) expect(published[code], code).toBe(n >= 5 ? n : null);
      // A region from 1 to 4 reads as one with none: the same answer (every code listed) fits its
      // pledges having given another hidden region, or none, so the total less the published regions
      // tells nothing of any one region.
      for (const [code, n] of Object.entries(counts)) {
        if (n >= 5) continue;
        small++;
        const { [code]: _moved, ...others } = counts;
        expect(listed(suppressRegions(others)), `${JSON.stringify(counts)} + ${without}: ${code}`).toEqual(listed(published));
      }
    }
    expect(small).toBeGreaterThan(100);
  });

  it('publishes 5 or more as it is, whatever the small ones and those without a region hold together', () => {
    expect(suppressRegions({ 'US-NY': 12, 'US-WY': 3, MX: 2, CA: 5 })).toEqual({ 'US-NY': 12, 'US-WY': null, MX: null, CA: 5 });
    // 7 in all, 6 in New York: the other 1 is somewhere among the codes that read alike, or gave none.
    expect(suppressRegions({ 'US-NY': 6, 'US-CA': 1 })).toEqual({ 'US-NY': 6, 'US-CA': null });
    expect(suppressRegions({ 'US-CA': 1 })).toEqual({ 'US-CA': null });
    expect(suppressRegions({})).toEqual({});
    expect(suppressRegions({ 'US-NY': 12, CA: 5, MX: 0 })).toEqual({ 'US-NY': 12, CA: 5 });
  });

  it('publishes the pledges active this year only when the rest, those that lapsed, is not 1 to 4 either', () => {
    expect(suppressPart(6, 7)).toBeNull(); // 1 lapsed
    expect(suppressPart(7, 7)).toBe(7); // none lapsed
    expect(suppressPart(6, 11)).toBe(6); // 5 lapsed
    expect(suppressPart(3, 9)).toBeNull(); // fewer than 5 active
  });
});

describe('the total on /impact', () => {
  it('never shows a total from 1 to 4 as a number: "fewer than 5", as the widget says, in both languages; 0 and 5 exactly', async () => {
    const { results: saved } = await env.DB.prepare('SELECT partner_id, confirmed FROM pledge_counts').all<{ partner_id: string; confirmed: number }>();
    const total = async (lang: string) => {
      const page = await (await SELF.fetch(`https://pledge.test/impact?lang=${lang}`)).text();
      return page.match(/<p class="total">([\s\S]*?)<\/p>/)![1].trim();
    };
    try {
      await env.DB.prepare('UPDATE pledge_counts SET confirmed = 0').run();
      expect(await total('en')).toBe('<span class="total__n">0</span> <span class="total__label">confirmed pledges</span>');
      // Launch day: nothing on the page says anyone has pledged yet (as the widget, "are committing to act").
      for (const lang of ['en', 'es']) {
        const page = await (await SELF.fetch(`https://pledge.test/impact?lang=${lang}`)).text();
        expect(page).not.toMatch(/have pledged|se han comprometido/);
      }
      for (const n of [1, 4]) {
        await env.DB.prepare("UPDATE pledge_counts SET confirmed = ? WHERE partner_id = 'rsna'").bind(n).run();
        expect(await total('en')).toBe('<span class="total__label">Fewer than 5 confirmed pledges so far</span>');
        expect(await total('es')).toBe('<span class="total__label">Menos de 5 compromisos confirmados hasta ahora</span>');
      }
      await env.DB.prepare("UPDATE pledge_counts SET confirmed = 5 WHERE partner_id = 'rsna'").run();
      expect(await total('es')).toBe('<span class="total__n">5</span> <span class="total__label">compromisos confirmados</span>');
    } finally {
      await env.DB.batch(saved.map((r) => env.DB.prepare('UPDATE pledge_counts SET confirmed = ? WHERE partner_id = ?').bind(r.confirmed, r.partner_id)));
    }
  });
});

describe('/impact when a count is hidden', () => {
  it('says "fewer than 5" of a hidden region, and "not shown" of the active pledges hidden for the lapsed ones\u2019 sake, in both languages', async () => {
    const counts = { total: 16, partners: {}, roles: {}, regions: { 'US-NY': null, 'US-CA': null, 'US-TX': 9 } };
    const data = { counts, days: [], partners: [], active: 15, actions: 0, actionsByKind: { screening: 0, language: 0, outreach: 0, mentoring: 0, other: 0 }, organizations: 0 };
    for (const [lang, notShown, fewer] of [
      ['en', 'not shown', 'fewer than 5'],
      ['es', 'no se muestra', 'menos de 5'],
    ] as const) {
      const page = String(await impactPage(data, lang, 'n', raw('')));
      expect(page).toContain(lang === 'en' ? '<title>New York: fewer than 5 pledges</title>' : '<title>Nueva York: menos de 5 compromisos</title>');
      expect(page).toMatch(new RegExp(`<th scope="row">California</th><td class="num">${fewer}</td>`));
      // The active pledges (1 lapsed would be the difference), said as a sentence: "not shown active
      // pledges" was no English, "no se muestra compromisos activos" no Spanish.
      expect(page).toContain(
        lang === 'en'
          ? '<li>Active pledges (confirmed or renewed in the past year): not shown, so that no count below 5 can be worked out</li>'
          : '<li>Compromisos activos (confirmados o renovados en el último año): no se muestran, para que no pueda deducirse ninguna cifra menor que 5</li>',
      );
      expect(page).not.toContain(`<b>${notShown}</b> `);
      expect(page).toContain('data-region="US-TX"');
      const plain = String(await impactPage({ ...data, counts: { ...counts, total: 7, regions: { 'US-CA': null } }, active: 7 }, lang, 'n', raw('')));
      expect(plain).toContain('<li><b>7</b> ');
      // Below 5 in all, "fewer than 5" stands where the figure does; with none, 0.
      expect(String(await impactPage({ ...data, counts: { ...counts, total: 3 }, active: 3 }, lang, 'n', raw('')))).toContain(`<li><b>${fewer}</b> `);
      expect(String(await impactPage({ ...data, counts: { ...counts, total: 0 }, active: 0 }, lang, 'n', raw('')))).toContain('<li><b>0</b> ');
    }
  });

  it('says what a country under 5 shows as the page shows it: not listed, where the map\u2019s words said "fewer than 5", in both languages', async () => {
    const counts = { total: 12, partners: {}, roles: {}, regions: { MX: null, CA: 9, 'US-NY': null } };
    const data = { counts, days: [], partners: [], active: 12, actions: 0, actionsByKind: { screening: 0, language: 0, outreach: 0, mentoring: 0, other: 0 }, organizations: 0 };
    for (const [lang, mexico, fewer, listed] of [
      ['en', 'Mexico', 'fewer than 5', 'a country is listed only from 5'],
      ['es', 'México', 'menos de 5', 'un país aparece en la lista solo a partir de 5'],
    ] as const) {
      const page = String(await impactPage(data, lang, 'n', raw('')));
      // A country under 5 is left out of the list (not shown as "fewer than 5"); one from 5 is listed.
      expect(page).not.toMatch(new RegExp(`>${mexico}<`));
      expect(page).toMatch(new RegExp(`>${lang === 'en' ? 'Canada' : 'Canadá'}<`));
      const intro = page.match(/<h2 id="map-heading">[^<]*<\/h2>\s*<p>([^<]*)<\/p>/)?.[1] ?? '';
      expect(intro).toContain(fewer);
      expect(intro).toContain(listed);
      expect(intro).not.toMatch(lang === 'en' ? /state or country/ : /estado o país/);
    }
  });
});

describe('the other totals on /impact', () => {
  it('say one organization in the singular, its figure inside its link (the link names the whole phrase), and never an action count below 5, in both languages', async () => {
    const data = { counts: { total: 40, partners: {}, roles: {}, regions: {} }, days: [], partners: [], active: 40, actions: 1, actionsByKind: { screening: 0, language: 0, outreach: 1, mentoring: 0, other: 0 }, organizations: 1 };
    const en = String(await impactPage(data, 'en', 'n', raw('')));
    expect(en).toContain('<li><b>fewer than 5</b> actions reported by pledgers</li>');
    expect(en).toContain('<li><a href="/organizations?lang=en"><b>1</b> organization has joined the coalition</a></li>');
    const es = String(await impactPage(data, 'es', 'n', raw('')));
    expect(es).toContain('<li><b>menos de 5</b> acciones comunicadas por quienes se comprometieron</li>');
    expect(es).toContain('<li><a href="/organizations?lang=es"><b>1</b> organización se ha unido a la coalición</a></li>');
    const two = String(await impactPage({ ...data, actions: 5, actionsByKind: { screening: 0, language: 0, outreach: 5, mentoring: 0, other: 0 }, organizations: 2 }, 'en', 'n', raw('')));
    expect(two).toContain('<li><b>5</b> actions reported by pledgers</li>');
    expect(String(await impactPage({ ...data, actions: 0, actionsByKind: { screening: 0, language: 0, outreach: 0, mentoring: 0, other: 0 } }, 'en', 'n', raw('')))).toContain('<li><b>0</b> actions reported by pledgers</li>');
    expect(two).toContain('<li><a href="/organizations?lang=en"><b>2</b> organizations have joined the coalition</a></li>');
    const many = String(await impactPage({ ...data, organizations: 12 }, 'es', 'n', raw('')));
    expect(many).toContain('<li><a href="/organizations?lang=es"><b>12</b> organizaciones se han unido a la coalición</a></li>');
  });
});

describe('pledges over time', () => {
  const days = (...counts: number[]) => counts.map((confirmed, i) => ({ day: `2026-03-${String(i + 1).padStart(2, '0')}`, confirmed }));

  it('draws a single period (launch day) as a point, and does not call it a rise', async () => {
    const data = { counts: { total: 8, partners: {}, roles: {}, regions: {} }, days: days(6, 2), partners: [], active: 8, actions: 0, actionsByKind: { screening: 0, language: 0, outreach: 0, mentoring: 0, other: 0 }, organizations: 0 };
    const en = String(await impactPage(data, 'en', 'n', raw('')));
    expect(en).toMatch(/<circle class="dot" cx="[\d.]+" cy="[\d.]+" r="7"><\/circle>/);
    expect(en).toMatch(/aria-label="Chart: 8 confirmed pledges in total by [^"]+\."/);
    expect(en).not.toContain('rose from');
    const es = String(await impactPage(data, 'es', 'n', raw('')));
    expect(es).toMatch(/aria-label="Gráfico: 8 compromisos confirmados en total hasta el [^"]+\."/);
    const two = String(await impactPage({ ...data, counts: { ...data.counts, total: 13 }, days: days(6, 5, 2) }, 'en', 'n', raw('')));
    expect(two).toMatch(/<path class="line" d="M[\d.]+,[\d.]+L/);
    expect(two).toContain('rose from');
    expect(two).not.toContain('class="dot"');
  });

  it('says the chart’s days in its name as a sentence says them (5 de marzo de 2026), not as a table’s short "5 mar 2026" ("mar" is read out as the sea)', async () => {
    const data = { counts: { total: 13, partners: {}, roles: {}, regions: {} }, days: days(6, 5, 2), partners: [], active: 13, actions: 0, actionsByKind: { screening: 0, language: 0, outreach: 0, mentoring: 0, other: 0 }, organizations: 0 };
    const es = String(await impactPage(data, 'es', 'n', raw('')));
    expect(es).toMatch(/aria-label="Gráfico de líneas: el total de compromisos confirmados creció entre el 1 de marzo de 2026 y el \d+ de marzo de 2026 hasta alcanzar 13\."/);
    const en = String(await impactPage(data, 'en', 'n', raw('')));
    expect(en).toMatch(/aria-label="[^"]*March 1, 2026[^"]*March \d+, 2026[^"]*"/);
    const one = String(await impactPage({ ...data, counts: { ...data.counts, total: 8 }, days: days(6, 2) }, 'es', 'n', raw('')));
    expect(one).toMatch(/aria-label="Gráfico: 8 compromisos confirmados en total hasta el \d+ de marzo de 2026\."/);
  });

  it('shows a day only once 5 more were confirmed since the last one shown, so no day\u2019s count from 1 to 4 can be worked out', () => {
    const { unit, points } = timeline(days(1, 2, 3, 1, 9, 4, 1));
    expect(unit).toBe('day');
    // 1, 3, 6 (shown), 7, 16 (shown), 20, 21 (shown): each step up is 5 or more.
    expect(points).toEqual([
      { period: '2026-03-03', total: 6 },
      { period: '2026-03-05', total: 16 },
      { period: '2026-03-07', total: 21 },
    ]);
    expect(timeline(days(1, 1, 2)).points).toEqual([]); // 4 in all: nothing to draw yet
    expect(timeline(days(5, 5, 7)).points.map((p) => p.total)).toEqual([5, 10, 17]);
    // The chart ends at today's total (published exactly): a point 1 to 4 below it is folded in.
    expect(timeline(days(6, 5, 2)).points.map((p) => p.total)).toEqual([6, 13]);
    expect(timeline(days(6, 2)).points.map((p) => p.total)).toEqual([8]);
  });

  /** `n` days from `from`, each with `confirmed(i)` pledges. */
  const span = (from: string, n: number, confirmed: (i: number) => number) =>
    Array.from({ length: n }, (_, i) => ({ day: new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10), confirmed: confirmed(i) }));

  it('goes by day up to 45 days, by week (from Monday) up to a year, then by month (from the 1st), so the page stays small', () => {
    expect(timeline(span('2026-03-01', 46, () => 5)).unit).toBe('day');
    const weeks = timeline(span('2026-03-01', 47, () => 5));
    expect(weeks.unit).toBe('week');
    expect(weeks.points[0]).toEqual({ period: '2026-02-23', total: 5 }); // Sunday Mar 1 is in the week from Monday Feb 23
    expect(timeline(span('2025-03-01', 366, () => 1)).unit).toBe('week');
    const months = timeline(span('2024-03-15', 3 * 365, () => 1));
    expect(months.unit).toBe('month');
    // Each month's total at its end (the last, as of now), under the first of the month: 17 days of March, then 30 of April…
    expect(months.points.slice(0, 3)).toEqual([
      { period: '2024-03-01', total: 17 },
      { period: '2024-04-01', total: 47 },
      { period: '2024-05-01', total: 78 },
    ]);
    expect(months.points).toHaveLength(37); // March 2024 to March 2027
    expect(months.points.at(-1)).toEqual({ period: '2027-03-01', total: 3 * 365 });
    expect(new Set(months.points.map((p) => p.period)).size).toBe(months.points.length);
    // The small-cell rule holds by month: a month adding 1 to 4 folds into the next one shown.
    const slow = timeline([...span('2024-01-01', 400, (i) => (i === 0 ? 5 : 0)), ...span('2025-02-04', 60, (i) => (i % 20 === 0 ? 2 : 0))]);
    expect(slow.unit).toBe('month');
    expect(slow.points).toEqual([{ period: '2024-01-01', total: 5 }, { period: '2025-04-01', total: 11 }]);
  });

  it('names the unit and the table\u2019s column by month in both languages', async () => {
    const data = { counts: { total: 400, partners: {}, roles: {}, regions: {} }, days: span('2025-01-01', 400, () => 1), partners: [], active: 400, actions: 0, actionsByKind: { screening: 0, language: 0, outreach: 0, mentoring: 0, other: 0 }, organizations: 0 };
    const en = String(await impactPage(data, 'en', 'n', raw('')));
    expect(en).toContain('Confirmed pledges in total, at the end of each month.');
    expect(en).toContain('<th scope="col">Month beginning</th>');
    expect(en).toContain('<th scope="row">Jan 1, 2025</th><td class="num">31</td>');
    const es = String(await impactPage(data, 'es', 'n', raw('')));
    expect(es).toContain('Total de compromisos confirmados al final de cada mes.');
    expect(es).toContain('<th scope="col">Inicio del mes</th>');
    expect(es).toContain('<th scope="row">1 ene 2025</th><td class="num">31</td>');
  });

  it('holds for any history (seeded): every shown total, every step between two, and the last step to the total are 5 or more', () => {
    let seed = 11;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
    for (let run = 0; run < 200; run++) {
      const history = days(...Array.from({ length: 1 + Math.floor(next() * 28) }, () => Math.floor(next() * 7)));
      const totals = timeline(history).points.map((p) => p.total);
      totals.forEach((t, i) => expect(t - (totals[i - 1] ?? 0)).toBeGreaterThanOrEqual(5));
      const total = history.reduce((n, d) => n + d.confirmed, 0);
      // It ends at the exact total once there are 5, so nothing shown sits 1 to 4 below it.
      expect(totals.at(-1)).toBe(total >= 5 ? total : undefined);
    }
    // And by week and by month: histories of 46 days to 4 years, most days with none.
    for (let run = 0; run < 100; run++) {
      const history = span('2024-01-01', 46 + Math.floor(next() * 1400), () => (next() < 0.9 ? 0 : Math.floor(next() * 7))).filter((d) => d.confirmed);
      const { unit, points } = timeline(history);
      const totals = points.map((p) => p.total);
      totals.forEach((t, i) => expect(t - (totals[i - 1] ?? 0)).toBeGreaterThanOrEqual(5));
      const total = history.reduce((n, d) => n + d.confirmed, 0);
      expect(totals.at(-1)).toBe(total >= 5 ? total : undefined);
      if (unit === 'month') for (const p of points) expect(p.period).toMatch(/^\d{4}-\d{2}-01$/);
    }
  });
});

describe('GET /impact', () => {
  it('draws every state and DC, each named with its figure, with a table beside', async () => {
    const res = await SELF.fetch('https://pledge.test/impact?lang=en');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Security-Policy')).toMatch(/^default-src 'none'; style-src 'nonce-[\w-]+'/);
    const page = await res.text();
    expect(page).not.toMatch(/<script/i);
    // The map is one image that points to the table (51 shapes one by one were long to listen to);
    // each shape keeps its <title> as the pointer's tooltip, and no aria-label (it was read twice).
    // It names the control that shows that table: folded away, the table is not there to find (a
    // screen reader's "next table" passed it by) until "Show the figures for every state" is opened.
    expect(page).toContain('role="img" aria-label="Map of the United States: confirmed pledges by state. Each state’s figure is in the table under the key: open “Show the figures for every state”."');
    expect(page).toContain('<summary>Show the figures for every state</summary>');
    const es = await (await SELF.fetch('https://pledge.test/impact?lang=es')).text();
    expect(es).toContain('aria-label="Mapa de Estados Unidos: compromisos confirmados por estado. La cifra de cada estado está en la tabla bajo la leyenda: abra «Ver las cifras de cada estado»."');
    expect(es).toContain('<summary>Ver las cifras de cada estado</summary>');
    expect(page).not.toMatch(/<path[^>]* role=/);
    const paths = [...page.matchAll(/<path class="band-\d" data-region="(US-[A-Z]{2})" d="(M[^"]+)"><title>([^<]+)<\/title>/g)];
    expect(paths.map((p) => p[1]).sort()).toEqual(US_STATES.map(([code]) => code).sort());
    for (const [, code, d, title] of paths) {
      const name = US_STATES.find(([c]) => c === code)![2];
      expect(title).toMatch(new RegExp(`^${name}: (no pledges yet|fewer than 5 pledges|\\d[\\d,]* pledges)$`));
      expect(d!.length).toBeGreaterThan(20); // a real outline, not an empty shape
    }
    expect(page).not.toMatch(/<path[^>]* aria-label=/);
    expect(page).toContain('<title>California: 12 pledges</title>');
    expect(page).toContain('<th scope="row">California</th><td class="num">12</td>');
    expect(page).toContain('<h3>US territories</h3>');
    expect(page).toContain('<h3>Outside the United States</h3>');
    expect(page).toContain('<dt>Canada</dt><dd>5</dd>');
    // The totals beside the confirmed count: active pledges and reported actions (issue 13).
    expect(page).toMatch(/<li><b>33<\/b> active pledges \(confirmed or renewed in the past year\)<\/li>/);
    expect(page).toMatch(/<li><b>0<\/b> actions reported by pledgers<\/li>/);
    expect(page).toContain('<li><a href="/organizations?lang=en"><b>0</b> organizations have joined the coalition</a></li>');
  });

  it('speaks Spanish, and weighs under 60 KB', async () => {
    const page = await (await SELF.fetch('https://pledge.test/impact?lang=es')).text();
    expect(page).toContain('<html lang="es">');
    expect(page).toContain('<title>Nueva York: menos de 5 compromisos</title>');
    // The societies' own (English) names are marked so, for Spanish speech; on the English page nothing is added.
    expect(page).toMatch(/<th scope="row" lang="en">Radiological Society of North America<\/th>/);
    expect(await (await SELF.fetch('https://pledge.test/impact?lang=en')).text()).toMatch(/<th scope="row">Radiological Society of North America<\/th>/);
    expect(page).toContain('<h3>Fuera de Estados Unidos</h3>');
    expect(new TextEncoder().encode(page).length).toBeLessThan(60 * 1024);
  });

  it('lists the US territories in the alphabetical order of the page\u2019s language, as the states\u2019 table and the form\u2019s select do', async () => {
    const territories = (page: string) => [...(/<h3>(?:US territories|Territorios de EE\. UU\.)<\/h3>\s*<dl class="figures">([\s\S]*?)<\/dl>/.exec(page)?.[1] ?? '').matchAll(/<dt>([^<]+)<\/dt>/g)].map((m) => m[1]);
    const en = territories(await (await SELF.fetch('https://pledge.test/impact?lang=en')).text());
    expect(en).toEqual(['American Samoa', 'Guam', 'Northern Mariana Islands', 'Puerto Rico', 'U.S. Virgin Islands']);
    // In Spanish, "Samoa Americana" comes last, not first as its English name would put it.
    const es = territories(await (await SELF.fetch('https://pledge.test/impact?lang=es')).text());
    expect(es).toEqual(['Guam', 'Islas Marianas del Norte', 'Islas Vírgenes de los Estados Unidos', 'Puerto Rico', 'Samoa Americana']);
  });
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  expect([...bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(new TextDecoder().decode(bytes.slice(12, 16))).toBe('IHDR');
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('share cards', () => {
  it("keep a shared link's source in og:url, so pledges from a LinkedIn or Facebook share keep their credit", async () => {
    const ogUrl = async (path: string) => (await (await SELF.fetch(`https://pledge.test${path}`)).text()).match(/<meta property="og:url" content="([^"]*)"/)?.[1];
    expect(await ogUrl('/pledge?partner=rsna&lang=es&source=share')).toBe('http://localhost:8787/pledge?partner=rsna&amp;lang=es&amp;source=share');
    expect(await ogUrl('/pledge?partner=rsna&lang=en')).toBe('http://localhost:8787/pledge?partner=rsna&amp;lang=en');
    expect(await ogUrl('/pledge?partner=rsna&lang=en&source=<b>')).toBe('http://localhost:8787/pledge?partner=rsna&amp;lang=en'); // not a source: dropped
    expect(await ogUrl('/pledge?partner=nope&lang=en')).toBe('http://localhost:8787/pledge?lang=en'); // not a society: dropped too
    expect(await ogUrl('/pledge/thanks?partner=nope&lang=en')).toBe('http://localhost:8787/pledge?lang=en');
    expect(await ogUrl('/pledge/thanks?partner=sir&lang=en')).toBe('http://localhost:8787/pledge?partner=sir&amp;lang=en');
  });

  it('describes each page by its own words: /join invites, /organizations lists', async () => {
    const description = async (path: string) => (await (await SELF.fetch(`https://pledge.test${path}`)).text()).match(/<meta property="og:description" content="([^"]*)"/)?.[1];
    for (const lang of ['en', 'es']) {
      const join = await description(`/join?lang=${lang}`);
      expect(join).toMatch(lang === 'en' ? /can join the Radiology Health Equity Coalition/ : /pueden unirse a la Radiology Health Equity Coalition/);
      expect(join).not.toBe(await description(`/organizations?lang=${lang}`));
    }
  });

  it('describes /impact as the public picture, not as the pledge page, in its own language', async () => {
    const tags = async (path: string) => {
      const page = await (await SELF.fetch(`https://pledge.test${path}`)).text();
      const meta = (key: string) => page.match(new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"`))?.[1];
      return { og: meta('og:description'), search: meta('description'), twitter: meta('twitter:description') };
    };
    for (const lang of ['en', 'es']) {
      const impact = await tags(`/impact?lang=${lang}`);
      expect(impact.og).toMatch(lang === 'en' ? /by US state, country, member society and role/ : /por estado de EE\. UU\., país, sociedad miembro y función/);
      expect(impact.og).toMatch(lang === 'en' ? /never shown/ : /nunca se muestra/i);
      // What is hidden is a count of pledges from 1 to 4, as the page's privacy note says: the page does show
      // a 0 (no actions yet, a new deployment's total) and the exact number of organizations, 1 to 4 included.
      expect(impact.og).toMatch(lang === 'en' ? /Counts of pledges from 1 to 4 are never shown\./ : /Nunca se muestran cifras de compromisos de 1 a 4\./);
      expect(impact.og).not.toMatch(/below 5|menor que 5/);
      expect(impact.search).toBe(impact.og);
      expect(impact.twitter).toBe(impact.og);
      expect(impact.og).not.toBe((await tags(`/pledge?partner=rsna&lang=${lang}`)).og);
    }
  });

  it("name the page's locale and the other language's, so a platform can show the card in its reader's language", async () => {
    for (const page of ['/impact', '/pledge?partner=rsna', '/join', '/organizations', '/resources', '/about']) {
      for (const [lang, own, other] of [['en', 'en_US', 'es_US'], ['es', 'es_US', 'en_US']] as const) {
        const path = `${page}${page.includes('?') ? '&' : '?'}lang=${lang}`;
        const text = await (await SELF.fetch(`https://pledge.test${path}`)).text();
        expect([...text.matchAll(/<meta property="og:locale" content="([^"]*)"/g)].map((m) => m[1]), path).toEqual([own]);
        expect([...text.matchAll(/<meta property="og:locale:alternate" content="([^"]*)"/g)].map((m) => m[1]), path).toEqual([other]);
      }
    }
  });

  for (const path of ['/impact?lang=en', '/pledge?partner=rsna&lang=es', '/pledge/thanks?lang=en&partner=sir', '/organizations?lang=es', '/join?lang=en', '/resources?lang=es', '/resources?role=nurse&lang=en']) {
    it(`${path} carries Open Graph and Twitter card tags whose image is a 1200×630 PNG`, async () => {
      const page = await (await SELF.fetch(`https://pledge.test${path}`)).text();
      const meta = (key: string) => page.match(new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"`))?.[1];
      expect(meta('og:title')).toBeTruthy();
      expect(meta('og:description')).toBeTruthy();
      expect(meta('twitter:card')).toBe('summary_large_image');
      expect(meta('og:image:width')).toBe('1200');
      expect(meta('og:image:height')).toBe('630');
      const lang = path.includes('lang=es') ? 'es' : 'en';
      const image = new URL(meta('og:image')!);
      expect(image.pathname).toBe(`/share/rhec-pledge-${lang}.png`);
      expect(meta('twitter:image')).toBe(image.href);
      const res = await SELF.fetch(`https://pledge.test${image.pathname}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toBe('image/png');
      expect(pngSize(new Uint8Array(await res.arrayBuffer()))).toEqual({ width: 1200, height: 630 });
    });
  }
});
