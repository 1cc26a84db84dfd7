/** Source codes (issue 16): which newsletter, poster or booth brought a pledge. */
import { sourcesSection } from '../../worker/booth/dashboard.ts';
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { pledge, postPledge, storedRows } from './helpers.ts';

const adminGet = (path: string) =>
  SELF.fetch(`https://pledge.test/api/admin/${path}`, { headers: { Authorization: 'Bearer test-admin-token' } });

describe('a pledge with a source code', () => {
  it('stores a well-formed source (trimmed and lower-cased first)', async () => {
    const a = pledge({ source: 'booth-2026' });
    const b = pledge({ source: '  Newsletter-May ' });
    expect((await postPledge(a)).status).toBe(202);
    expect((await postPledge(b)).status).toBe(202);
    expect(await storedRows(a.email as string)).toMatchObject([{ source: 'booth-2026' }]);
    expect(await storedRows(b.email as string)).toMatchObject([{ source: 'newsletter-may' }]);
  });

  it('never blocks a pledge: a bad source is dropped and the pledge stored without one', async () => {
    const bad: unknown[] = ['booth 2026', 'booth_2026', 'x'.repeat(65), '', 'ñandú', '<script>', 42, true, null, { a: 1 }, ['booth']];
    const sent = [];
    for (const source of bad) {
      const p = pledge({ source });
      const res = await postPledge(p);
      expect(res.status, JSON.stringify(source)).toBe(202);
      sent.push(p.email as string);
    }
    for (const email of sent) expect(await storedRows(email)).toMatchObject([{ source: null }]);
  });

  it('keeps a source of exactly 64 characters', async () => {
    const p = pledge({ source: 'a-'.repeat(32) });
    expect((await postPledge(p)).status).toBe(202);
    expect(await storedRows(p.email as string)).toMatchObject([{ source: 'a-'.repeat(32) }]);
  });

  it('still reports real problems with the pledge alongside a bad source', async () => {
    const res = await postPledge(pledge({ source: 'bad source', email: 'nope' }));
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { fields: Record<string, string[]> } };
    expect(Object.keys(body.error.fields)).toEqual(['email']);
  });
});

describe('the hosted page with ?source=', () => {
  it('carries a good source in a hidden field and drops a bad one', async () => {
    const good = await (await SELF.fetch('https://pledge.test/pledge?partner=rsna&source=booth-2026&lang=en')).text();
    expect(good).toContain('<input type="hidden" name="source" value="booth-2026" />');
    const res = await SELF.fetch('https://pledge.test/pledge?partner=rsna&source=%22%3E%3Cb%3E&lang=en');
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain('name="source"');
  });

  it('stores the source posted with the form, and keeps it on a page with errors', async () => {
    const email = `poster.${crypto.randomUUID()}@example.org`;
    const form = { partner: 'rsna', lang: 'en', source: 'poster-lobby', name: 'Ida Poster', email, role: 'nurse', commitment: 'yes' };
    const post = (fields: Record<string, string>) =>
      SELF.fetch('https://pledge.test/pledge', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
        redirect: 'manual',
      });
    const invalid = await post({ ...form, name: '' });
    expect(invalid.status).toBe(422);
    expect(await invalid.text()).toContain('name="source" value="poster-lobby"');
    expect((await post(form)).status).toBe(303);
    expect(await storedRows(email)).toMatchObject([{ source: 'poster-lobby', partner_id: 'rsna' }]);
    const bad = `bad.${crypto.randomUUID()}@example.org`;
    expect((await post({ ...form, email: bad, source: 'Not OK!' })).status).toBe(303);
    expect(await storedRows(bad)).toMatchObject([{ source: null }]);
  });
});

describe('the maintainers see sources', () => {
  it('on the dashboard, withdrawn pledges too, in the page\'s language', async () => {
    const row = { partner: 'sir', source: 'booth-2026', confirmed: 12, pending: 3, flagged: 1, withdrawn: 2 };
    const page = String(await sourcesSection([row], [{ id: 'sir', name: 'SIR', active: 1 } as never], 'es'));
    expect(page).toContain('<th scope="col" role="columnheader">Marcados</th><th scope="col" role="columnheader">Retirados</th></tr>');
    expect(page).toMatch(/<code>booth-2026<\/code><\/td>\s*<td role="cell" data-label="Confirmados">12<\/td><td role="cell" data-label="Pendientes">3<\/td><td role="cell" data-label="Marcados">1<\/td><td role="cell" data-label="Retirados">2<\/td>/);
  });

  it('names every count the table shows in its caption (what a screen reader announces for its scroll region), withdrawn too, in both languages', async () => {
    const row = { partner: 'sir', source: 'booth-2026', confirmed: 1, pending: 1, flagged: 1, withdrawn: 1 };
    for (const [lang, withdrawn] of [['en', /withdrawn/i], ['es', /retirados/i]] as const) {
      const page = String(await sourcesSection([row], [{ id: 'sir', name: 'SIR', active: 1 } as never], lang));
      const caption = page.match(/<caption[^>]*id="sources-caption">([^<]*)<\/caption>/)![1]!;
      expect(caption, lang).toMatch(withdrawn);
    }
  });


  it('in the CSV export and per society and source in the stats', async () => {
    const tag = `src-${crypto.randomUUID().slice(0, 8)}`;
    const pledges = [pledge({ partner: 'sir', source: tag }), pledge({ partner: 'sir', source: tag }), pledge({ partner: 'acr', source: tag })];
    for (const p of pledges) await postPledge(p);
    for (const p of pledges) await storedRows(p.email as string);

    const csv = await (await adminGet('pledges.csv')).text();
    const row = csv.split(/\r?\n/).find((l) => l.includes(pledges[0]!.email as string))!;
    expect(row.endsWith(`,${tag}`)).toBe(true);

    const stats = (await (await adminGet('stats')).json()) as { sources: { partner: string; source: string | null; pending: number }[] };
    expect(stats.sources.filter((s) => s.source === tag)).toEqual([
      expect.objectContaining({ partner: 'acr', source: tag, pending: 1 }),
      expect.objectContaining({ partner: 'sir', source: tag, pending: 2 }),
    ]);
  });
});
