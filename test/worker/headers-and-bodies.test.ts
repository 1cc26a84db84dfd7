/**
 * What every answer carries and how odd requests are met: frame protection, nosniff, cut-off
 * bodies, the CORS allowlist under a flood of origins, and language negotiation.
 */
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { askedLang, linkLang, negotiateLang } from '../../worker/platform/accept-language.ts';
import { clearPartnerCaches } from '../../worker/partners/queries.ts';
import { makeToken } from '../../worker/platform/tokens.ts';
import { fetchWithEnv, PARTNER_ORIGIN, pledge, postPledge } from './helpers.ts';

describe("every page's title names the coalition", () => {
  it('in the tab of each public page, in both languages, and not twice', async () => {
    const t = await makeToken(env, crypto.randomUUID(), 'confirm');
    const w = await makeToken(env, crypto.randomUUID(), 'withdraw');
    const p = await makeToken(env, crypto.randomUUID(), 'preferences');
    for (const lang of ['en', 'es']) {
      for (const path of [`/confirm?t=${t}`, `/withdraw?t=${w}`, `/preferences?t=${p}`, '/confirm?t=bad', '/actions?t=bad', '/impact', '/join', '/pledge', '/nothing-here']) {
        const res = await SELF.fetch(`https://pledge.test${path}${path.includes('?') ? '&' : '?'}lang=${lang}`, { headers: { Accept: 'text/html' } });
        const title = /<title>([^<]*)<\/title>/.exec(await res.text())?.[1] ?? '';
        expect(title, `${lang} ${path}`).toMatch(/\S · Radiology Health Equity Coalition$/);
        expect(title.split('Radiology Health Equity Coalition').length, `${lang} ${path}`).toBe(2);
      }
    }
  });
});

describe('frame protection (clickjacking)', () => {
  it("forbids framing the dashboard, the link pages and pages of unknown partners", async () => {
    const t = await makeToken(env, crypto.randomUUID(), 'confirm');
    const w = await makeToken(env, crypto.randomUUID(), 'withdraw');
    for (const path of ['/admin', `/confirm?t=${t}`, `/withdraw?t=${w}`, '/confirm?t=bad', '/pledge?partner=nosuch', '/pledge', '/pledge/thanks']) {
      const res = await SELF.fetch(`https://pledge.test${path}`);
      expect(res.headers.get('Content-Security-Policy'), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('X-Frame-Options'), path).toBe('DENY');
    }
  });

  it("lets /pledge be framed by its partner's registered origins only", async () => {
    clearPartnerCaches();
    for (const path of ['/pledge?partner=arrs', '/pledge/thanks?partner=arrs&lang=en']) {
      const res = await SELF.fetch(`https://pledge.test${path}`);
      expect(res.headers.get('Content-Security-Policy'), path).toMatch(/frame-ancestors https:\/\/arrs\.org https:\/\/www\.arrs\.org(;|$)/);
      expect(res.headers.get('X-Frame-Options'), path).toBeNull();
    }
    const page = await SELF.fetch('https://pledge.test/pledge?partner=sir');
    expect(page.headers.get('Content-Security-Policy')).toMatch(/frame-ancestors https:\/\/www\.sirweb\.org(;|$)/);
  });

  it('puts only what is shaped like an origin into frame-ancestors, whatever a stored row says', async () => {
    // Rows from before the partners' rules refused them (or written to D1 by hand): a wildcard, a directive.
    await env.DB.prepare("INSERT INTO partners (id, name) VALUES ('framed', 'Framed Society')").run();
    await env.DB.batch(
      ['https://*', 'https://evil.example;sandbox', "https://x.example'", 'https://ok.example'].map((origin) =>
        env.DB.prepare('INSERT INTO partner_origins (partner_id, origin) VALUES (?, ?)').bind('framed', origin),
      ),
    );
    clearPartnerCaches();
    const csp = (await SELF.fetch('https://pledge.test/pledge?partner=framed')).headers.get('Content-Security-Policy')!;
    expect(csp).toMatch(/frame-ancestors https:\/\/ok\.example(;|$)/);
    expect(csp).not.toContain('*');
    expect(csp).not.toContain('sandbox');
  });
});

describe('transport and window isolation', () => {
  it('tells browsers to use HTTPS only (HSTS) on every HTTPS answer, and never over plain HTTP', async () => {
    for (const path of ['/pledge', '/api/stats', '/rhec-pledge.js', '/nothing-here']) {
      const res = await SELF.fetch(`https://pledge.test${path}`);
      expect(res.headers.get('Strict-Transport-Security'), path).toBe('max-age=31536000; includeSubDomains');
    }
    const plain = await SELF.fetch('http://pledge.test/pledge');
    expect(plain.headers.get('Strict-Transport-Security')).toBeNull();
  });

  it('isolates pages from the windows that open them (COOP), and leaves the API and the script alone', async () => {
    const t = await makeToken(env, crypto.randomUUID(), 'confirm');
    for (const path of ['/pledge', '/pledge?partner=arrs', `/confirm?t=${t}`, '/admin', '/organizations', '/join']) {
      const res = await SELF.fetch(`https://pledge.test${path}`);
      expect(res.headers.get('Content-Type'), path).toMatch(/^text\/html/);
      expect(res.headers.get('Cross-Origin-Opener-Policy'), path).toBe('same-origin');
    }
    for (const path of ['/api/stats', '/rhec-pledge.js']) {
      expect((await SELF.fetch(`https://pledge.test${path}`)).headers.get('Cross-Origin-Opener-Policy'), path).toBeNull();
    }
  });
});

describe('error answers', () => {
  it('carry nosniff: 403, 404, 413, 415 and 422 alike', async () => {
    const answers = [
      await SELF.fetch('https://pledge.test/admin/partners', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'action=disable&id=acr' }),
      await SELF.fetch('https://pledge.test/nothing-here'),
      await postPledge('x'.repeat(9 * 1024), { raw: true }),
      await postPledge('{}', { raw: true, headers: { 'Content-Type': 'text/plain' } }),
      await SELF.fetch('https://pledge.test/pledge', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x' }),
      await postPledge({}),
    ];
    expect(answers.map((r) => r.status)).toEqual([403, 404, 413, 415, 415, 422]);
    for (const r of answers) expect(r.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });

  it('answer a browser that followed a bad link with a page in its language; scripts and the API keep the JSON', async () => {
    const browser = { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
    const es = await SELF.fetch('https://pledge.test/pledge/oops', { headers: { ...browser, 'Accept-Language': 'es-MX,es;q=0.9' } });
    expect(es.status).toBe(404);
    expect(es.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(es.headers.get('Content-Security-Policy')).toMatch(/default-src 'none'/);
    expect(es.headers.get('Vary')).toMatch(/\bAccept\b/); // a cache keeps the page and the JSON apart
    const page = await es.text();
    expect(page).toContain('<html lang="es">');
    expect(page).toContain('<title>Página no encontrada · Radiology Health Equity Coalition</title>');
    expect(page).toContain('<a href="/pledge?lang=es">Firme el compromiso</a>');
    expect(await (await SELF.fetch('https://pledge.test/nothing-here?lang=en', { headers: browser })).text()).toContain('<h1 class="heading">Page not found</h1>');
    for (const [path, headers] of [['/nothing-here', {}], ['/api/nothing-here', browser], ['/nothing-here', { Accept: 'application/json' }]] as const) {
      const res = await SELF.fetch(`https://pledge.test${path}`, { headers });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('Vary'), path).toMatch(/\bAccept\b/);
      expect(((await res.json()) as { error: { code: string } }).error.code, path).toBe('not_found');
    }
    expect((await SELF.fetch('https://pledge.test/nothing-here', { method: 'POST', headers: browser })).headers.get('Content-Type')).toMatch(/json/);
  });
});

describe('an address with a trailing slash', () => {
  it('is the same page as without it, in place (no redirect)', async () => {
    const res = await SELF.fetch('https://pledge.test/impact/?lang=es', { redirect: 'manual' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<html lang="es">');
    for (const path of ['/join/', '/organizations/', '/pledge/']) {
      const r = await SELF.fetch(`https://pledge.test${path}`, { method: 'HEAD', redirect: 'manual' });
      expect(r.status, path).toBe(200);
    }
  });

  it("is the same API address, with its CORS, so a partner page's fetch works with the slash too", async () => {
    const stats = await SELF.fetch('https://pledge.test/api/stats/', { headers: { Origin: PARTNER_ORIGIN } });
    expect(stats.status).toBe(200);
    expect(stats.headers.get('Access-Control-Allow-Origin')).toBe(PARTNER_ORIGIN);
    const preflight = await SELF.fetch('https://pledge.test/api/pledges/', {
      method: 'OPTIONS',
      headers: { Origin: PARTNER_ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe(PARTNER_ORIGIN);
    const post = await SELF.fetch('https://pledge.test/api/pledges/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: PARTNER_ORIGIN },
      body: JSON.stringify(pledge()),
    });
    expect(post.status).toBe(202);
    expect(post.headers.get('Access-Control-Allow-Origin')).toBe(PARTNER_ORIGIN);
    // A wrong method there is still a 405 with Allow, as without the slash (on a page's address too).
    const put = await SELF.fetch('https://pledge.test/impact/', { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('Allow')).toContain('GET');
  });

  it('is still a 404 where the address without it is one, and never leaves this host', async () => {
    // A file's address with a slash is not the file: the script would not recognise its own address.
    for (const path of ['/nothing-here/', '//evil.example/', '/impact//', '/rhec-pledge.js/', '/rhec-pledge.es.json/', '/poster.svg/']) {
      const res = await SELF.fetch(`https://pledge.test${path}`, { redirect: 'manual' });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('Location'), path).toBeNull();
    }
  });
});

/** A body that sends `sent` bytes, then breaks off (as a client that half-closes mid-body). */
function cutOffBody(sent: string): ReadableStream<Uint8Array> {
  let done = false;
  return new ReadableStream({
    pull(controller) {
      if (done) return controller.error(new Error('connection closed mid-body'));
      done = true;
      controller.enqueue(new TextEncoder().encode(sent));
    },
  });
}

/** What the Worker logged (warnings and errors) while `run` ran. */
async function loggedDuring(run: () => Promise<void>): Promise<string[]> {
  const logged: string[] = [];
  const realWarn = console.warn;
  const realError = console.error;
  console.warn = (line: string) => void logged.push(line);
  console.error = (line: string) => void logged.push(line);
  try {
    await run();
  } finally {
    console.warn = realWarn;
    console.error = realError;
  }
  return logged;
}

describe('a request body cut off before its end', () => {
  it('answers 400 incomplete_body, logged as such, not 500', async () => {
    const logged = await loggedDuring(async () => {
      const requests = [
        ['/api/pledges', 'application/json', '{"partner":"rsna","name":"Ada'],
        ['/pledge', 'application/x-www-form-urlencoded', 'partner=rsna&name=Ada'],
        ['/confirm', 'application/x-www-form-urlencoded', 't=v1.'],
        ['/admin/sign-in', 'application/x-www-form-urlencoded', 'token=te'],
        // The pledger's other link pages: a cut-off body is not an empty form ("this link does not work").
        ['/unsubscribe', 'application/x-www-form-urlencoded', 't=v1.'],
        ['/preferences', 'application/x-www-form-urlencoded', 't=v1.'],
        ['/actions', 'application/x-www-form-urlencoded', 't=v1.'],
        ['/recommit', 'application/x-www-form-urlencoded', 't=v1.'],
      ] as const;
      for (const [path, type, sent] of requests) {
        const res = await fetchWithEnv(
          new Request(`https://pledge.test${path}`, { method: 'POST', headers: { 'Content-Type': type, Origin: 'https://pledge.test' }, body: cutOffBody(sent), duplex: 'half' } as RequestInit),
          {},
        );
        expect(res.status, path).toBe(400);
        expect(await res.json(), path).toMatchObject({ error: { code: 'incomplete_body' } });
      }
    });
    expect(logged.filter((l) => l.includes('request_body_incomplete'))).toHaveLength(8);
    expect(logged.filter((l) => l.includes('unhandled_error'))).toEqual([]);
  });

  it('logs the route the request matched, never the path it asked for (a client can put an address in it)', async () => {
    const logged = await loggedDuring(async () => {
      for (const path of ['/withdraw/ana.lovelace@example.org', '/api/pledges/ana.lovelace%40example.org', '/admin/updates/ana.lovelace@example.org/test']) {
        const res = await fetchWithEnv(
          new Request(`https://pledge.test${path}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://pledge.test' }, body: cutOffBody('t=v1.'), duplex: 'half' } as RequestInit),
          {},
        );
        expect(res.status, path).toBeLessThan(500);
      }
    });
    const incomplete = logged.filter((l) => l.includes('request_body_incomplete'));
    expect(incomplete.length).toBeGreaterThan(0);
    for (const line of logged) expect(line.toLowerCase(), line).not.toContain('lovelace');
    // What it tells the maintainer instead: the route, as the router writes it.
    expect(incomplete.map((l) => JSON.parse(l).route)).toContain('/admin/updates/:id/test');
  });

  it('logs the route whose handler was running, not the last one the path also matched (the admin API’s middleware, mounted after it)', async () => {
    const logged = await loggedDuring(async () => {
      const res = await fetchWithEnv(
        new Request(`https://pledge.test/api/admin/organizations/${crypto.randomUUID()}/approve-change`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: 'Bearer test-admin-token' },
          body: cutOffBody('{"v":"'),
          duplex: 'half',
        } as RequestInit),
        {},
      );
      expect(res.status).toBeLessThan(500);
    });
    const incomplete = logged.filter((l) => l.includes('request_body_incomplete'));
    expect(incomplete.map((l) => JSON.parse(l).route)).toEqual(['/api/admin/organizations/:id/approve-change']);
  });

  it('answers 400 on the webhooks too, with a Content-Length the body never reaches (read before any check)', async () => {
    const logged = await loggedDuring(async () => {
      const secrets = { RESEND_WEBHOOK_SECRET: `whsec_${btoa('a-test-webhook-secret-32-bytes!!')}`, POSTMARK_WEBHOOK_SECRET: 'postmark-secret' };
      const requests = [
        ['/api/webhooks/resend', {}],
        ['/api/webhooks/postmark', { Authorization: `Basic ${btoa('postmark:postmark-secret')}` }],
      ] as const;
      for (const [path, headers] of requests) {
        const res = await fetchWithEnv(
          new Request(`https://pledge.test${path}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'Content-Length': '400', ...headers },
            body: cutOffBody('{"type":"email.bounced"'),
            duplex: 'half',
          } as RequestInit),
          secrets as Partial<Env>,
        );
        expect(res.status, path).toBe(400);
        expect(await res.json(), path).toMatchObject({ error: { code: 'incomplete_body' } });
      }
    });
    expect(logged.filter((l) => l.includes('unhandled_error'))).toEqual([]);
  });
});

describe("a JSON route's media type", () => {
  it('is application/json, in any case and with its parameters; anything else is answered 415 unsupported_media_type', async () => {
    for (const type of ['application/json', 'Application/JSON;charset=utf-8', 'application/json ; charset=utf-8']) {
      expect((await postPledge(pledge(), { headers: { 'Content-Type': type } })).status, type).toBe(202);
    }
    for (const type of ['application/jsonp', 'application/json-seq', 'text/x-application/json', 'text/plain; x=application/json']) {
      const res = await postPledge(pledge(), { headers: { 'Content-Type': type } });
      expect(res.status, type).toBe(415);
      expect(await res.json(), type).toMatchObject({ error: { code: 'unsupported_media_type' } });
    }
  });
  it('is sent uncompressed: a gzip-encoded body is told so (415, in the asker\'s language), not that its bytes are not UTF-8', async () => {
    const gzipped = await new Response(new Blob([JSON.stringify(pledge())]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer();
    for (const [path, body] of [['/api/pledges', gzipped], ['/api/organizations', gzipped]] as const) {
      for (const [lang, words] of [['en', /Content-Encoding/], ['es', /sin comprimir/]] as const) {
        const res = await SELF.fetch(`https://pledge.test${path}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Accept-Language': lang },
          body,
        });
        expect(res.status, `${path} ${lang}`).toBe(415);
        // What it takes instead, as RFC 9110 (15.5.16) asks of a 415 for a content coding: none.
        expect(res.headers.get('Accept-Encoding'), path).toBe('identity');
        const answer = (await res.json()) as { error: { code: string; message: string } };
        expect(answer.error.code, path).toBe('unsupported_media_type');
        expect(answer.error.message, `${path} ${lang}`).toMatch(words);
      }
    }
    // Content-Encoding: identity is no encoding at all.
    expect((await postPledge(pledge(), { headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'identity' } })).status).toBe(202);
  });
});

describe('a huge request body', () => {
  // 600 KB of form: no page's form comes near it; before the global limit, the link pages and the
  // dashboard's forms read whatever they were sent into memory.
  const huge = `t=${'x'.repeat(600 * 1024)}`;
  const stream = (text: string) =>
    new ReadableStream({
      start(controller) {
        const bytes = new TextEncoder().encode(text);
        for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.slice(i, i + 64 * 1024));
        controller.close();
      },
    });

  it('is refused with 413 on every route that reads a body, with or without a Content-Length, in the asker\'s language', async () => {
    for (const path of ['/confirm', '/withdraw', '/join/confirm', '/join/withdraw', '/join/change', '/admin/sign-in', '/unsubscribe', '/api/webhooks/postmark']) {
      for (const body of [huge, stream(huge)]) {
        const res = await SELF.fetch(`https://pledge.test${path}?lang=es`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://pledge.test' },
          body,
          duplex: 'half',
        } as RequestInit);
        const label = `${path} ${typeof body === 'string' ? 'with Content-Length' : 'chunked'}`;
        expect(res.status, label).toBe(413);
        expect(await res.json(), label).toEqual({ error: { code: 'payload_too_large', message: 'Una solicitud no puede superar los 524,288 bytes.' } });
      }
    }
  });

  it("is answered with CORS headers to a partner page's script, so it can read the 413", async () => {
    clearPartnerCaches();
    const res = await SELF.fetch('https://pledge.test/api/pledges', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://www.sirweb.org' },
      body: `{"name":"${'x'.repeat(600 * 1024)}"}`,
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('https://www.sirweb.org');
    // Told the pledge's own limit, as a body between the two limits is, not the service-wide one.
    expect(await res.json()).toEqual({ error: { code: 'payload_too_large', message: 'A pledge must be 8,192 bytes or smaller.' } });
  });

  it("tells a body over every limit the limit of the route it was sent to, in the asker's language", async () => {
    for (const [path, type, message] of [
      ['/api/pledges?lang=es', 'application/json', 'Un compromiso no puede superar los 8,192 bytes.'],
      ['/pledge?lang=es', 'application/x-www-form-urlencoded', 'Un compromiso no puede superar los 8,192 bytes.'],
      ['/api/organizations?lang=es', 'application/json', 'Una solicitud no puede superar los 8,192 bytes.'],
      ['/join?lang=es', 'application/x-www-form-urlencoded', 'Una solicitud no puede superar los 8,192 bytes.'],
      ['/api/admin/resources', 'application/json', 'A resource must be 16 KB or smaller.'], // the maintainers' API, in English
      ['/api/admin/updates', 'application/json', 'An update must be 128 KB or smaller.'],
      ['/api/admin/updates/some-draft', 'application/json', 'An update must be 128 KB or smaller.'],
      ['/api/admin/updates/some-draft/send', 'application/json', 'A request must be 524,288 bytes or smaller.'], // a send has no draft's limit
    ] as const) {
      const res = await SELF.fetch(`https://pledge.test${path}`, { method: 'POST', headers: { 'Content-Type': type, Origin: 'https://pledge.test', Authorization: `Bearer ${env.ADMIN_TOKEN}` }, body: huge });
      expect(res.status, path).toBe(413);
      expect(await res.json(), path).toEqual({ error: { code: 'payload_too_large', message } });
    }
  });

  it('still lets a form of ordinary size through', async () => {
    const res = await SELF.fetch('https://pledge.test/confirm', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://pledge.test' },
      body: `t=${'x'.repeat(4000)}`,
    });
    expect(res.status).toBe(400); // read, and refused for its token: not for its size
    expect(await res.text()).toContain('<html');
  });
});

describe('the CORS allowlist', () => {
  it('costs no D1 query for 1,001 unknown origins, and still knows the registered ones after them', async () => {
    let prepared = 0;
    const db = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === 'prepare') return (sql: string) => (prepared++, target.prepare(sql));
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const preflight = (origin: string) =>
      fetchWithEnv(new Request('https://pledge.test/api/pledges', { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' } }), { DB: db });
    clearPartnerCaches();
    expect((await preflight('https://www.rsna.org')).headers.get('Access-Control-Allow-Origin')).toBe('https://www.rsna.org');
    const warm = prepared;
    for (let i = 0; i <= 1000; i++) {
      const res = await preflight(`https://random-${crypto.randomUUID()}.example`);
      expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull();
    }
    expect(prepared - warm).toBe(0);
    expect((await preflight('https://www.sirweb.org')).headers.get('Access-Control-Allow-Origin')).toBe('https://www.sirweb.org');
    expect(prepared - warm).toBe(0);
  });
});

describe('language negotiation', () => {
  it('honours Accept-Language q-values', () => {
    expect(negotiateLang('fr, es;q=0.9')).toBe('es');
    expect(negotiateLang('es;q=0.4, en;q=0.8')).toBe('en');
    expect(negotiateLang('en;q=0, es-MX;q=0.1')).toBe('es');
    expect(negotiateLang('es;q=0, fr')).toBeUndefined();
    expect(negotiateLang('ES-419')).toBe('es');
    expect(negotiateLang('fr, de')).toBeUndefined();
    expect(negotiateLang('*;q=0.5, es;q=0.6')).toBe('es');
    expect(negotiateLang('')).toBeUndefined();
  });

  it("answers a signed link's page in the language asked for, else the pledge's own, else the browser's", () => {
    // The first explicit choice we speak: a form's `lang` before the link's `?lang=`, skipping what we do not.
    expect(askedLang('fr', undefined, 42, 'ES-mx', 'en')).toBe('es');
    expect(askedLang(undefined, 'fr', '')).toBeUndefined();
    expect(askedLang()).toBeUndefined();
    const spanishPledge = { lang: 'es' };
    expect(linkLang('en', spanishPledge, 'es')).toBe('en'); // asked for: it wins over the pledge's and the browser's
    expect(linkLang(undefined, spanishPledge, 'en-US,en;q=0.9')).toBe('es'); // none asked: the pledge's, which its emails speak
    expect(linkLang(undefined, { lang: 'en' }, 'es')).toBe('en');
    expect(linkLang(undefined, undefined, 'fr, es;q=0.5')).toBe('es'); // no pledge (a link that does not work): the browser's
    expect(linkLang(undefined, null, 'fr')).toBe('en'); // nothing we speak anywhere: English
  });

  it('answers pages and API messages in the language the browser prefers', async () => {
    const page = await SELF.fetch('https://pledge.test/pledge?partner=sir', { headers: { 'Accept-Language': 'fr, es;q=0.9, en;q=0.8' } });
    expect(await page.text()).toContain('<html lang="es">');
    const res = await postPledge(pledge({ name: '' }), { headers: { 'Accept-Language': 'fr-CA, es;q=0.7, en;q=0.3' } });
    expect(await res.json()).toMatchObject({ error: { fields: { name: ['Escriba su nombre completo'] } } });
  });
});

describe('a JSON body nested without end', () => {
  /** `{"a":{"a":…1…}}`, `depth` objects deep, as large as each route's limit allows. */
  const nested = (depth: number, key = 'a') => `${`{"${key}":`.repeat(depth)}1${'}'.repeat(depth)}`;
  const admin = { Authorization: 'Bearer test-admin-token', 'Content-Type': 'application/json' };

  it('is answered as what it is (a 4xx with its reason), never 500, on every JSON route', async () => {
    const cases: [string, string, string, Record<string, string>][] = [
      // An update draft may be 128 KB: 20,000 levels fit.
      ['POST', '/api/admin/updates', nested(20_000), admin],
      ['POST', '/api/admin/updates', `{"subject":${nested(20_000)},"body":{"en":"x"}}`, admin],
      ['PUT', '/api/admin/updates/1', nested(20_000), admin],
      ['POST', '/api/admin/resources', nested(2_600), admin],
      ['POST', '/api/pledges', nested(1_300), { 'Content-Type': 'application/json', Origin: PARTNER_ORIGIN }],
      ['POST', '/api/organizations', nested(1_300), { 'Content-Type': 'application/json', Origin: PARTNER_ORIGIN }],
    ];
    for (const [method, path, body, headers] of cases) {
      const res = await SELF.fetch(`https://pledge.test${path}`, { method, headers, body });
      const what = `${method} ${path} (${body.length} B)`;
      expect(res.status, what).toBeGreaterThanOrEqual(400);
      expect(res.status, what).toBeLessThan(500);
      const json = (await res.json()) as { error: { code: string } };
      expect(json.error.code, what).not.toBe('internal');
    }
  });
});

describe('text that is not UTF-8', () => {
  /** A pledge whose organization carries bytes that are not UTF-8 (0xFF 0xFE, and half a surrogate encoded). */
  const broken = (email: string) => {
    const [before, after] = JSON.stringify(pledge({ email, organization: 'Clinic @ X' })).split('@ X');
    return new Uint8Array([...new TextEncoder().encode(before), 0xff, 0xfe, 0xed, 0xa0, 0x80, ...new TextEncoder().encode(after)]);
  };
  const stored = (email: string) => env.DB.prepare('SELECT count(*) AS n FROM pledges WHERE email = ?').bind(email).first<number>('n');

  it('in a JSON body is refused with 400 and a message that says so, in the asker\'s language, and nothing is stored', async () => {
    for (const [lang, message] of [
      ['en', 'The request body is not valid UTF-8 text, which JSON must be.'],
      ['es', 'El cuerpo de la petición no es texto UTF-8 válido, como debe serlo el JSON.'],
    ] as const) {
      const email = `utf8.${crypto.randomUUID()}@example.org`;
      const res = await SELF.fetch('https://pledge.test/api/pledges', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: PARTNER_ORIGIN, 'Accept-Language': lang },
        body: broken(email),
      });
      expect(res.status, lang).toBe(400);
      expect(await res.json(), lang).toEqual({ error: { code: 'bad_json', message } });
      expect(await stored(email)).toBe(0);
    }
    // The organizations' API reads its body the same way.
    const org = await SELF.fetch('https://pledge.test/api/organizations', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: PARTNER_ORIGIN },
      body: new Uint8Array([...new TextEncoder().encode('{"name":"A'), 0xff, ...new TextEncoder().encode('"}')]),
    });
    expect(org.status).toBe(400);
    // A byte-order mark before valid JSON is still fine.
    const bom = await SELF.fetch('https://pledge.test/api/pledges', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: PARTNER_ORIGIN },
      body: new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(JSON.stringify(pledge()))]),
    });
    expect(bom.status).toBe(202);
  });

  it('in a form (read as �) is refused in the field it is in, with what was typed kept, and nothing is stored', async () => {
    const email = `utf8form.${crypto.randomUUID()}@example.org`;
    const res = await SELF.fetch('https://pledge.test/pledge', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
      body: `partner=rsna&lang=en&name=Ada+Form&email=${encodeURIComponent(email)}&role=nurse&commitment=yes&organization=Clinic+%FF%FE+Y`,
    });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('Organization or practice must not include line breaks or invisible characters');
    expect(page).toContain('value="Ada Form"');
    expect(await stored(email)).toBe(0);
    // An organization's request from /join: its name refused, said plainly.
    const join = await SELF.fetch('https://pledge.test/join', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
      body: 'lang=en&name=Clinic+%FF+Norte&type=practice&website=https%3A%2F%2Fnorte.example&contact.name=Ana&contact.email=ana%40norte.example&contact.title=Chair&commitment=yes',
    });
    expect(join.status).toBe(422);
    expect(await join.text()).toContain('Organization name must not contain line breaks, control characters or damaged ones (�)');
  });
});
