/**
 * EMBEDDING.md's React 19 and Vue 3 instructions, as a webmaster follows them: the drop-in script
 * in the page, the element written in the app's own markup (JSX bundled by esbuild, a Vue template
 * compiled in the browser with `isCustomElement`), its values bound to the app's state. The app
 * switches the language and the layout at run time and takes the element out and puts it back (a
 * route change); its `onrhec-pledge-*` / `@rhec-pledge-*` handlers and a `document` listener each
 * hear a pledge's events exactly once; nothing is warned about in the console.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { bin } from '../../scripts/lib/run.ts';
import { launchChromium, pledgeOnPage } from '../support/browser.ts';
import { startLocalWorker, type LocalWorker } from '../support/local-worker.ts';
import { testPort } from '../support/ports.ts';

const PAGE_PORT = testPort(5199);
const WORKER_PORT = testPort(8801);
const dir = mkdtempSync(join(tmpdir(), 'rhec-frameworks-'));

/** Both apps expose their state's setters as `__set`, and record what their handlers heard in `__heard`. */
const REACT_APP = `
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
window.__heard = [];
const track = (name) => (e) => window.__heard.push([name, e.detail]);
function App() {
  const [lang, setLang] = useState('en');
  const [layout, setLayout] = useState('full');
  const [shown, setShown] = useState(true);
  window.__set = { lang: setLang, layout: setLayout, shown: setShown };
  return shown ? (
    <rhec-pledge partner="rsna" lang={lang} layout={layout} heading-level="3"
      onrhec-pledge-submit={track('submit')} onrhec-pledge-success={track('success')} onrhec-pledge-error={track('error')} />
  ) : <p>Another page of the app</p>;
}
createRoot(document.getElementById('root')).render(<App />);
`;

const VUE_APP = `
import { createApp, ref } from 'vue';
window.__heard = [];
const app = createApp({
  setup() {
    const locale = ref('en'), layout = ref('full'), shown = ref(true);
    window.__set = { lang: (v) => (locale.value = v), layout: (v) => (layout.value = v), shown: (v) => (shown.value = v) };
    const track = (name, detail) => window.__heard.push([name, detail]);
    return { locale, layout, shown, track };
  },
  template: \`<rhec-pledge v-if="shown" partner="rsna" :lang="locale" :layout="layout" heading-level="3"
    @rhec-pledge-submit="track('submit', $event.detail)" @rhec-pledge-success="track('success', $event.detail)"
    @rhec-pledge-error="track('error', $event.detail)"></rhec-pledge><p v-else>Another page of the app</p>\`,
});
app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith('rhec-pledge');
app.mount('#root');
`;

describe('the widget in a React 19 and a Vue 3 app, as EMBEDDING.md writes them', () => {
  let worker: LocalWorker;
  let server: Server;
  let browser: Browser;

  before(async () => {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'framework-apps', private: true }));
    // Exact versions: a later release's new development warning must not fail this test with no change here.
    // npm's own output is kept for the error, and a stalled registry ends the wait after five minutes.
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', 'react@19.3.1', 'react-dom@19.3.1', 'vue@3.5.47'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 300_000,
    });
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src/react-app.jsx'), REACT_APP);
    // React's development build, which warns of what it does not expect.
    execFileSync(bin('esbuild'), ['src/react-app.jsx', '--bundle', '--jsx=automatic', '--format=esm', '--define:process.env.NODE_ENV="development"', '--outfile=react-app.js'], { cwd: dir, stdio: 'ignore' });
    worker = await startLocalWorker({ port: WORKER_PORT, origins: [`http://localhost:${PAGE_PORT}`] });
    const page = (head: string, app: string) =>
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>App</title>${head}</head><body>
      <script src="${worker.url}/rhec-pledge.js" async></script><div id="root"></div><script type="module" src="${app}"></script></body></html>`;
    const files: Record<string, [string, string]> = {
      '/react': ['text/html', page('', '/react-app.js')],
      '/react-app.js': ['text/javascript', readFileSync(join(dir, 'react-app.js'), 'utf8')],
      '/vue': ['text/html', page('<script type="importmap">{ "imports": { "vue": "/vue.js" } }</script>', '/vue-app.js')],
      '/vue.js': ['text/javascript', readFileSync(join(dir, 'node_modules/vue/dist/vue.esm-browser.js'), 'utf8')],
      '/vue-app.js': ['text/javascript', VUE_APP],
    };
    server = createServer((req, res) => {
      const file = files[new URL(req.url ?? '/', 'http://x').pathname];
      if (file) res.writeHead(200, { 'Content-Type': file[0] }).end(file[1]);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(PAGE_PORT, 'localhost', resolve));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    server?.closeAllConnections();
    server?.close();
    await worker?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const ready = (page: Page) => page.waitForFunction(() => document.querySelector('rhec-pledge')?.hasAttribute('ready'), { timeout: 15_000 });
  const set = (page: Page, name: string, value: unknown) => page.evaluate((n, v) => (window as unknown as { __set: Record<string, (v: unknown) => void> }).__set[n]!(v), name, value);
  const card = (page: Page) =>
    page.evaluate(() => {
      const el = document.querySelector('rhec-pledge');
      const root = el?.shadowRoot;
      return root
        ? {
            heading: root.querySelector('#heading')?.textContent?.trim(),
            level: root.querySelector('#heading')?.getAttribute('aria-level'),
            name: root.querySelector<HTMLInputElement>('#name')?.value ?? null,
            opener: Boolean(root.querySelector('button[aria-expanded="false"]')),
            height: Math.round(el.getBoundingClientRect().height),
          }
        : null;
    });

  for (const app of ['react', 'vue']) {
    it(`${app}: binds its values, switches language and layout at run time, survives a route change, and hears each event once`, async () => {
      const page = await browser.newPage();
      const console_: string[] = [];
      page.on('console', (m) => ['warn', 'error'].includes(m.type()) && !m.location().url?.endsWith('/favicon.ico') && console_.push(`${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => console_.push(`pageerror: ${(e as Error).message}`));
      await page.evaluateOnNewDocument(() => {
        const w = window as unknown as { __document: string[] };
        w.__document = [];
        for (const name of ['rhec-pledge-submit', 'rhec-pledge-success', 'rhec-pledge-error']) document.addEventListener(name, () => w.__document.push(name));
      });
      try {
        await page.goto(`http://localhost:${PAGE_PORT}/${app}`);
        await ready(page);
        assert.deepEqual({ ...(await card(page)), height: 0 }, { heading: 'Commit to act', level: '3', name: '', opener: false, height: 0 });

        // The app's language toggle, with something typed: Spanish, and what was typed kept.
        await page.locator('rhec-pledge >>> #name').fill('Ada Lovelace');
        await set(page, 'lang', 'es');
        await page.waitForFunction(() => document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('#heading')?.textContent?.trim() === 'Comprométase a actuar', { timeout: 15_000 });
        assert.equal((await card(page))!.name, 'Ada Lovelace');

        // A route change takes the element out; coming back, a new one, in compact layout, 400 px tall.
        await set(page, 'shown', false);
        await page.waitForFunction(() => !document.querySelector('rhec-pledge'));
        await set(page, 'layout', 'compact');
        await set(page, 'lang', 'en');
        await set(page, 'shown', true);
        await ready(page);
        const compact = await card(page);
        assert.equal(compact!.opener, true, 'the compact layout shows its one button');
        assert.equal(compact!.height, 400);
        await set(page, 'layout', 'full');
        await page.waitForFunction(() => document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('#name'));

        await pledgeOnPage(page, { name: 'Ada Lovelace', email: `frameworks-${app}@example.com`, role: 'physicist' });
        const heard = await page.evaluate(() => {
          const w = window as unknown as { __heard: [string, unknown][]; __document: string[] };
          return { app: w.__heard, document: w.__document };
        });
        assert.deepEqual(heard.app, [
          ['submit', { partner: 'rsna', lang: 'en', corrected: false }],
          ['success', { partner: 'rsna', lang: 'en', role: 'physicist', corrected: false }],
        ]);
        assert.deepEqual(heard.document, ['rhec-pledge-submit', 'rhec-pledge-success']);
        assert.deepEqual(console_, []);
      } finally {
        await page.close();
      }
    });
  }
});
