import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { withEnglishNames } from '../../worker/platform/pages/english-names.ts';

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
});
