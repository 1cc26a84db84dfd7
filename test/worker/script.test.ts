import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { STRINGS } from '../../src/i18n/index.ts';

// The widget and the counter are served alike: any page may load them, pinned copies are immutable.
for (const [name, tag] of [['rhec-pledge', 'rhec-pledge'], ['rhec-pledge-count', 'rhec-pledge-count']] as const) {
  describe(`GET /${name}.js`, () => {
    it('serves the built drop-in script as JavaScript any page may load', async () => {
      const res = await SELF.fetch(`https://pledge.test/${name}.js`);
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toMatch(/^text\/javascript/);
      expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
      expect(res.headers.get('Cache-Control')).toBe('public, max-age=300, stale-while-revalidate=86400');
      // The tag's name as a string literal, in whichever quotes the minifier chose.
      expect(await res.text()).toMatch(new RegExp(`[\`"']${tag}[\`"']`));
    });
  });

  describe(`pinned versions of ${name}.js with Subresource Integrity`, () => {
    it('name the current content-hashed copy and its integrity, which matches what is served immutably', async () => {
      const manifest = (await (await SELF.fetch(`https://pledge.test/${name}.json`)).json()) as {
        version: string;
        path: string;
        integrity: string;
      };
      expect(manifest.path).toMatch(new RegExp(`^/v/[0-9a-f]{16}/${name}\\.js$`));
      const pinned = await SELF.fetch(`https://pledge.test${manifest.path}`);
      expect(pinned.status).toBe(200);
      expect(pinned.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
      expect(pinned.headers.get('Access-Control-Allow-Origin')).toBe('*');
      const body = await pinned.arrayBuffer();
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-384', body));
      expect(`sha384-${btoa(String.fromCharCode(...digest))}`).toBe(manifest.integrity);
      const stable = await (await SELF.fetch(`https://pledge.test/${name}.js`)).arrayBuffer();
      expect(new Uint8Array(stable)).toEqual(new Uint8Array(body));
    });

    it('answers 404 for a version that does not exist', async () => {
      expect((await SELF.fetch(`https://pledge.test/v/0000000000000000/${name}.js`)).status).toBe(404);
    });
  });
}

describe('the counter script', () => {
  it('is built on its own: it carries neither Lit nor the pledge form', async () => {
    const counter = await (await SELF.fetch('https://pledge.test/rhec-pledge-count.js')).text();
    expect(counter).not.toContain('lit-html');
    expect(counter).not.toContain('LitElement');
    expect(counter).not.toContain('"rhec-pledge"');
    expect(counter.length).toBeLessThan(8 * 1024);
  });
});

describe('GET /rhec-pledge.<lang>.json', () => {
  it("serves the widget's strings of a language the script does not carry, to any page", async () => {
    const res = await SELF.fetch('https://pledge.test/rhec-pledge.es.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    const strings = (await res.json()) as typeof STRINGS.es;
    expect(strings).toEqual(JSON.parse(JSON.stringify(STRINGS.es)));
    expect(strings.submit).toBe('Firmar el compromiso');
  });

  it('answers 404 for a language it does not speak', async () => {
    expect((await SELF.fetch('https://pledge.test/rhec-pledge.fr.json')).status).toBe(404);
  });
});

describe('the hosted pages\u2019 icon', () => {
  it('is served at /favicon.svg and /favicon.ico (browsers ask for it), and every hosted page names it', async () => {
    for (const path of ['/favicon.svg', '/favicon.ico']) {
      const res = await SELF.fetch(`https://pledge.test${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('Content-Type')).toBe('image/svg+xml');
      expect(await res.text()).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    }
    for (const path of ['/impact', '/pledge?partner=rsna', '/join', '/organizations', '/resources', '/admin']) {
      expect(await (await SELF.fetch(`https://pledge.test${path}`)).text(), path).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml" />');
    }
  });
});
