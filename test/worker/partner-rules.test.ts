/**
 * The rules a partner's id, name and origins follow, shared by `npm run partners` and the admin
 * dashboard (worker/partners/rules.ts). An origin goes into CORS and into the hosted page's CSP
 * (frame-ancestors), so what is refused matters as much as what is taken.
 */
import { describe, expect, it } from 'vitest';
import { displayName, origin, PartnerRuleError, partnerId, ruleMessage, type RuleProblem } from '../../worker/partners/rules.ts';

/** The problem a value breaks, or null when it is taken. */
function problemOf(fn: () => unknown): RuleProblem | null {
  try {
    fn();
    return null;
  } catch (error) {
    if (!(error instanceof PartnerRuleError)) throw error;
    return error.problem;
  }
}

describe('origin', () => {
  it.each([
    ['https://www.example.org', 'https://www.example.org'],
    ['https://www.example.org/', 'https://www.example.org'], // an address bar's copy
    ['  https://www.example.org/  ', 'https://www.example.org'],
    ['HTTPS://WWW.Example.ORG', 'https://www.example.org'],
    ['https://www.example.org:8443', 'https://www.example.org:8443'],
    ['https://www.example.org:443', 'https://www.example.org'],
    ['https://münchen-radiologie.de', 'https://xn--mnchen-radiologie-22b.de'],
    ['https://a-b.c-d.example', 'https://a-b.c-d.example'],
    [`https://${'a'.repeat(63)}.example`, `https://${'a'.repeat(63)}.example`],
    // Real names that only begin like a local one: a word, or digits, at the start of a label.
    ['https://www.internal-medicine.example.org', 'https://www.internal-medicine.example.org'],
    ['https://radiology.localhealth.example', 'https://radiology.localhealth.example'],
    ['https://1800radiology.example.org', 'https://1800radiology.example.org'],
    ['https://www.route66', 'https://www.route66'],
  ])('takes %j as %s, on a deployed Worker too', (typed, expected) => {
    expect(origin(typed)).toBe(expected);
    expect(origin(typed, { publicOnly: true })).toBe(expected);
  });

  it.each([
    'http://localhost:5173',
    'http://www.example.org',
    'https://localhost',
    'https://dev.localhost',
    'https://printer.local',
    'https://wiki.internal',
    'https://nas.lan',
    'https://router.home.arpa',
    'https://10.0.0.1',
    'http://127.0.0.1:8080',
    'https://[::1]:8443',
  ])('takes %s for local testing, never on a deployed Worker', (typed) => {
    expect(origin(typed)).toBe(new URL(typed).origin);
    expect(problemOf(() => origin(typed, { publicOnly: true }))).toEqual({ rule: 'public', value: typed });
  });

  it.each([
    [undefined, { rule: 'not-origin', value: '' }],
    ['', { rule: 'not-origin', value: '' }],
    ['www.example.org', { rule: 'not-origin', value: 'www.example.org' }],
    ['ftp://www.example.org', { rule: 'scheme', value: 'ftp://www.example.org' }],
    ['javascript:alert(1)', { rule: 'scheme', value: 'javascript:alert(1)' }],
    ['data:text/html,hi', { rule: 'scheme', value: 'data:text/html,hi' }],
    ['file:///etc/passwd', { rule: 'scheme', value: 'file:///etc/passwd' }],
    ['https://www.example.org/pledge', { rule: 'path', value: 'https://www.example.org/pledge', origin: 'https://www.example.org' }],
    ['https://www.example.org/?', { rule: 'path', value: 'https://www.example.org/?', origin: 'https://www.example.org' }],
    ['https://www.example.org?a=1', { rule: 'path', value: 'https://www.example.org?a=1', origin: 'https://www.example.org' }],
    ['https://www.example.org#top', { rule: 'path', value: 'https://www.example.org#top', origin: 'https://www.example.org' }],
    ['https://www.example.org#', { rule: 'path', value: 'https://www.example.org#', origin: 'https://www.example.org' }],
    // Not a site's real name, and each would mean something else inside a CSP source list.
    ['https://*', { rule: 'host', value: 'https://*' }],
    ['https://*.example.org', { rule: 'host', value: 'https://*.example.org' }],
    ['https://www.example.org;sandbox', { rule: 'host', value: 'https://www.example.org;sandbox' }],
    ['https://a,b.example.org', { rule: 'host', value: 'https://a,b.example.org' }],
    ["https://it's.example.org", { rule: 'host', value: "https://it's.example.org" }],
    ['https://-lead.example.org', { rule: 'host', value: 'https://-lead.example.org' }],
    ['https://trail-.example.org', { rule: 'host', value: 'https://trail-.example.org' }],
    ['https://under_score.example.org', { rule: 'host', value: 'https://under_score.example.org' }],
    [`https://${'a'.repeat(64)}.example`, { rule: 'host', value: `https://${'a'.repeat(64)}.example` }],
  ] as const)('refuses %j, saying which rule it breaks', (typed, problem) => {
    expect(problemOf(() => origin(typed))).toEqual(problem);
    expect(problemOf(() => origin(typed, { publicOnly: true }))).toEqual(problem);
  });
});

describe('partner id and name', () => {
  it('takes 1 to 32 lower-case letters or digits as an id, and nothing else', () => {
    for (const id of ['sir', 'acr', 'a', 'x9', 'a'.repeat(32)]) expect(partnerId(id)).toBe(id);
    for (const id of [undefined, '', 'SIR', 'Sir', 'a-b', 'a_b', 'a b', ' sir', 'sir ', 'ñ', 'a'.repeat(33)])
      expect(problemOf(() => partnerId(id)), String(id)).toEqual({ rule: 'id', value: id ?? '' });
  });

  it('takes a display name trimmed, up to 200 characters, with no control characters', () => {
    expect(displayName('  Society of Interventional Radiology ')).toBe('Society of Interventional Radiology');
    expect(displayName('Sociedad Radiológica & Co.')).toBe('Sociedad Radiológica & Co.');
    expect(displayName('n'.repeat(200))).toBe('n'.repeat(200));
    for (const name of [undefined, '', '   ', 'n'.repeat(201), 'Line\nbreak', 'Tab\there', 'Bell\u0007', 'Del\u007f'])
      expect(problemOf(() => displayName(name)), JSON.stringify(name)).toEqual({ rule: 'name' });
  });

  it('refuses a display name with characters that reorder how it is shown (as the updates and resources do)', () => {
    // An override reorders the name and runs on into what follows it on a page ("abc\u202Egnp.exe" reads "abcexe.png").
    for (const mark of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'])
      expect(problemOf(() => displayName(`Society of Nuclear Medicine ${mark}`)), JSON.stringify(mark)).toEqual({ rule: 'name-direction' });
    // Right-to-left letters themselves are a name's own, and stay.
    expect(displayName('جمعية الأشعة')).toBe('جمعية الأشعة');
  });

  it('refuses a display name with a broken character: half a character, or the U+FFFD a form reads broken UTF-8 as', () => {
    // Shown on every partner's widget, page and email: stored, either would read as ���.
    for (const name of ['Society \ud800', 'Society \udfff of Radiology', 'Sociedad Radiol\ufffdgica'])
      expect(problemOf(() => displayName(name)), JSON.stringify(name)).toEqual({ rule: 'name-broken' });
    expect(displayName('Société française de radiologie 😀')).toBe('Société française de radiologie 😀');
  });
});

describe('what each rule says', () => {
  const problems: RuleProblem[] = [
    { rule: 'id', value: 'S-I-R' },
    { rule: 'name' },
    { rule: 'name-direction' },
    { rule: 'name-broken' },
    { rule: 'not-origin', value: 'www.sir.example' },
    { rule: 'scheme', value: 'ftp://sir.example' },
    { rule: 'path', value: 'https://sir.example/pledge', origin: 'https://sir.example' },
    { rule: 'host', value: 'https://*.sir.example' },
    { rule: 'public', value: 'http://sir.local' },
  ];

  it('names what was typed and, for a path, the origin to give instead; in English and in Spanish', () => {
    const seen = { en: new Set<string>(), es: new Set<string>() };
    for (const problem of problems) {
      for (const lang of ['en', 'es'] as const) {
        const message = ruleMessage(problem, lang);
        seen[lang].add(message);
        if ('value' in problem) expect(message).toContain(lang === 'en' ? `"${problem.value}"` : `«${problem.value}»`);
        if (problem.rule === 'path') expect(message).toContain(`like ${problem.origin}`.replace('like', lang === 'en' ? 'like' : 'como'));
      }
      expect(ruleMessage(problem, 'es')).not.toBe(ruleMessage(problem, 'en'));
    }
    // One message per rule: none says another's.
    expect(seen.en.size).toBe(problems.length);
    expect(seen.es.size).toBe(problems.length);
    expect(ruleMessage({ rule: 'public', value: 'http://sir.local' }, 'en')).toContain('local testing only');
    expect(ruleMessage({ rule: 'host', value: 'https://*.sir.example' }, 'es')).toContain('No se admite un comodín (*)');
  });

  it("a broken rule's error carries the English message (what the command line prints) and its problem", () => {
    const error = (() => {
      try {
        origin('https://sir.example/pledge');
      } catch (e) {
        return e as PartnerRuleError;
      }
      return undefined;
    })()!;
    expect(error).toBeInstanceOf(PartnerRuleError);
    expect(error.name).toBe('PartnerRuleError');
    expect(error.message).toBe('"https://sir.example/pledge" has a path; give only the origin, like https://sir.example');
    expect(error.problem).toEqual({ rule: 'path', value: 'https://sir.example/pledge', origin: 'https://sir.example' });
  });
});
