import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { withEnglishNames } from '../../worker/platform/pages/english-names.ts';
import { composeUpdate } from '../../worker/updates/emails.ts';
import { getUpdate } from '../../worker/updates/queries.ts';

const render = async (text: string, lang: 'en' | 'es', more?: string[]) => String(await withEnglishNames(text, lang, more));

describe('English names inside Spanish sentences (language of parts)', () => {
  it('marks the coalition and every member society, longest name first, and escapes the rest', async () => {
    expect(await render('Únase a la Radiology Health Equity Coalition & a <b>American College of Radiology</b>.', 'es')).toBe(
      'Únase a la <span lang="en">Radiology Health Equity Coalition</span> &amp; a &lt;b&gt;<span lang="en">American College of Radiology</span>&lt;/b&gt;.',
    );
    // Twice in one sentence, and a caller's own name (a partner's) as well.
    expect(await render('Radiology Health Equity Coalition y Radiology Health Equity Coalition: Acme Imaging Society', 'es', ['Acme Imaging Society'])).toBe(
      '<span lang="en">Radiology Health Equity Coalition</span> y <span lang="en">Radiology Health Equity Coalition</span>: <span lang="en">Acme Imaging Society</span>',
    );
    // A name given that contains a member's (longer first: marked once, whole).
    expect(await render('la American College of Radiology Foundation', 'es', ['American College of Radiology Foundation'])).toBe(
      'la <span lang="en">American College of Radiology Foundation</span>',
    );
    // Characters that mean something in a pattern, in a caller's name, are taken literally.
    expect(await render('Compromiso a través de A.C.R. (x)', 'es', ['A.C.R. (x)'])).toBe('Compromiso a través de <span lang="en">A.C.R. (x)</span>');
    expect(await render('Compromiso a través de ABC', 'es', ['A.C', ''])).toBe('Compromiso a través de ABC');
  });

  it('leaves an English sentence as it is (escaped)', async () => {
    expect(await render('Join the Radiology Health Equity Coalition <now>', 'en')).toBe('Join the Radiology Health Equity Coalition &lt;now&gt;');
  });

  it('on the Spanish impact page and join page, and not on the English ones', async () => {
    for (const path of ['/impact', '/join']) {
      const es = await (await SELF.fetch(`https://pledge.test${path}?lang=es`)).text();
      expect(es, path).toMatch(/la <span lang="en">Radiology Health Equity Coalition<\/span>/);
      const en = await (await SELF.fetch(`https://pledge.test${path}?lang=en`)).text();
      expect(en, path).toContain('the Radiology Health Equity Coalition');
      expect(en, path).not.toContain('<span lang="en">Radiology Health Equity Coalition');
    }
  });

  it("in an update's Spanish version, its subject and its Markdown body (the dashboard's preview and every Spanish reader's email), and not in its English one", async () => {
    const update = async (spanish: boolean) => {
      const id = crypto.randomUUID();
      await env.DB.prepare(`INSERT INTO updates (id, status, subject_en, body_en, subject_es, body_es, audience) VALUES (?, 'sending', ?, ?, ?, ?, '{"partners":[],"roles":[],"langs":[]}')`)
        .bind(id, 'News from the American College of Radiology', 'We met the **Society of Interventional Radiology**.',
          spanish ? 'Noticias del American College of Radiology' : null,
          spanish ? '## Con la Society of Interventional Radiology\n\nNos reunimos con la **Society of Interventional Radiology** y [la Radiology Health Equity Coalition](https://example.org/a) & <b>American College of Radiology</b>.' : null)
        .run();
      return (await getUpdate(env.DB, id))!;
    };
    const reader = (lang: string) => ({ id: 'test', email: `names.${lang}@example.org`, lang, partner_id: 'acr' });
    const both = await update(true);
    const es = (await composeUpdate(env, both, reader('es'))).html;
    expect(es).toMatch(/>Noticias del <span lang="en">American College of Radiology<\/span><\/h1>/);
    expect(es).toContain('<h2>Con la <span lang="en">Society of Interventional Radiology</span></h2>');
    expect(es).toContain('con la <strong><span lang="en">Society of Interventional Radiology</span></strong> y ');
    expect(es).toContain('>la <span lang="en">Radiology Health Equity Coalition</span></a>');
    // The author's text is still escaped around the names.
    expect(es).toContain(' &amp; &lt;b&gt;<span lang="en">American College of Radiology</span>&lt;/b&gt;.</p>');
    // The English version, to an English reader or (written only in English) to a Spanish one: English throughout, nothing marked in it.
    const en = (await composeUpdate(env, both, reader('en'))).html;
    expect(en).toContain('We met the <strong>Society of Interventional Radiology</strong>.');
    const englishOnly = (await composeUpdate(env, await update(false), reader('es'))).html;
    expect(englishOnly).toContain('<div lang="en"><p>We met the <strong>Society of Interventional Radiology</strong>.</p>');
    expect(englishOnly).toMatch(/<h1 id="subject"[^>]* lang="en">News from the American College of Radiology<\/h1>/);
  });
});
