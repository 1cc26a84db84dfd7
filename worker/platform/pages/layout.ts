/**
 * The frame of every Worker-rendered page: the widget's own styles, with its `:host` rules
 * pointed at a wrapper, so pages look like the widget with no JavaScript and no shadow DOM
 * (fragment links such as the error summary's reach their fields; every browser renders it).
 * Nonce'd for a strict CSP.
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Lang } from '../../../src/pledge-fields.ts';
import { styles } from '../../../src/rhec-pledge.styles.ts';
import { afterStyles } from '../../../src/after/after.styles.ts';
import { langSwitch } from './lang-switch.ts';
import { STRINGS } from '../../../src/i18n/index.ts';

/**
 * The widget's CSS (its error summary and thank-you panel included) for a page of the Worker's own:
 * `:host(…)` / `:host` become selectors on `.rhec-host`, and the widget's fields, which it names
 * by `part` (its text inputs carry no `type`: setting one cost its first render), become a page's
 * text, email and select fields, at the specificity the widget's rules had for them before (0,1,1).
 */
const PAGE_CSS = (styles + afterStyles)
  .replace(/:host\(([^)]*)\)/g, '.rhec-host$1')
  .replaceAll(':host', '.rhec-host')
  .replace(/\[part=['"]?input['"]?\]/g, ":is(input[type='text'], input[type='email'], select)")
  .replaceAll('select[part]', 'select:not([multiple])');

/**
 * CSS as it is sent: without its comments (notes for whoever reads the source) and with each run of
 * white space one space, none beside a brace or a semicolon. About a third of every page's style,
 * so a page of the public picture stays under its 60 KB however many countries it lists (issue 14).
 * (No rule here has a string with a comment, a brace or a semicolon in it.)
 */
function compactCss(css: string): string {
  return css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, ' ').replace(/ ?([{};]) ?/g, '$1').trim();
}

/**
 * A page's own CSS as sent (`compactCss`), compacted once per isolate: each page's style is one of a
 * few strings (its constants, and the admin's colours before them), so each is compacted on its
 * first render only. Past MEMO_SIZE of them (a style built from data), the rest are compacted as they come.
 */
const compacted = new Map<string, string>();
const MEMO_SIZE = 64;
function pageCss(css: string): string {
  let out = compacted.get(css);
  if (out === undefined) {
    out = compactCss(css);
    if (compacted.size < MEMO_SIZE) compacted.set(css, out);
  }
  return out;
}

/** The frame's rules, the same on every page (the widget's, then the page's own fields and print). */
const FRAME_CSS = compactCss(`
  :root { color-scheme: light; }
  body { margin: 0; padding: 24px 12px; background: #eef1f5; }
  .rhec-host { max-width: 44em; margin: 0 auto; }
  .hp { position: absolute; left: -10000px; }
  .lang-switch { text-align: end; margin: 0 0 .5em; }
  /* A page's h1 spaced as the widget's p and ul (its own styles need no h1 rule: the card has none). */
  h1 { margin: 0 0 var(--_space); padding: 0; }
  /* A page's ways on: links side by side, no bullets (/about, /organizations, link outcomes). */
  .rhec-host .links { display: flex; flex-wrap: wrap; gap: 8px 24px; padding: 0; list-style: none; }
  .rhec-host .links a { display: inline-block; min-height: 24px; padding: 2px 0; }
  /* A page's own title, smaller on a phone: a long word ("comprometieron") fits its line, not broken anywhere. */
  .rhec-host h1:not(.heading) { font-size: clamp(1.5em, 1em + 3vw, 2em); line-height: 1.2; hyphens: auto; }
` + PAGE_CSS + `
  /* A page's card is a block in the page, and its host the container its queries measure (the widget's host is a grid, see its styles).
     Its colours are the page's scheme (the widget's host is light unless its theme says otherwise). */
  .rhec-host { display: block; container-type: inline-size; color-scheme: inherit; }
  /* Under 16 of its ems (320 px, text at 200 %), a word longer than its line ("¿Aproximadamente") wraps inside, not out of the card (WCAG 1.4.10). */
  @container (max-width: 16em) { .rhec-host .card { overflow-wrap: anywhere; } }
  @supports (color: light-dark(#fff, #000)) {
    :root { color-scheme: light dark; }
    body { background: light-dark(#eef1f5, #0b0e12); }
  }
  /* On paper, dark text on white, whatever the screen's scheme (backgrounds are not printed). */
  @media print { :root { color-scheme: light; } body { background: #fff; } }
  .rhec-host input:is([type='password'], [type='text'], [type='url'], [type='number']) { display: block; width: 100%; min-height: 44px; padding: 8px 10px; font: inherit; color: var(--_text); background: var(--_bg); border: 2px solid var(--_border); border-radius: 4px; }
  .rhec-host input[type='number'] { max-width: 10em; }
  /* A text field in error is drawn as the others in error are (the rule above would take its colour back). */
  .rhec-host .field--error input:is([type='password'], [type='text'], [type='url'], [type='number']) { border-color: var(--_error); }
  /* A field reached from the error summary's link brings its label, hint and message (above it, and on a phone taller than the usual 96 px) into view with it. */
  .rhec-host [aria-invalid='true'] { scroll-margin-top: max(96px, 50vh); }
`);

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/**
 * `head`: extra tags for the page's head (e.g. the share card's Open Graph tags). `switchHref`:
 * this page in the other language (`otherLangHref`), offered at the top of the card. `canonical`:
 * a public page people should find by searching (the impact page, the organizations' list), under
 * this one address whatever its query (filters, stray parameters); every other page (forms, links
 * from emails, dashboards) asks search engines not to index it.
 */
export function page(lang: Lang, title: string, nonce: string, body: Html, extraCss = '', head: Html | string = '', switchHref?: string, canonical?: string): Html {
  return framed(lang, title, nonce, body, extraCss, head, switchHref, canonical);
}

/**
 * The admin's pages' own colours, light and dark, in this one place: `--_rule` a table's lines,
 * `--_ok` / `--_warn` a status badge's text and border (4.5:1 or more on the card and on a
 * figure's surface in either scheme), `--_pending` a chart's pending bar (told apart from the
 * confirmed one beside it at 3.5:1 or more). Browsers without light-dark() keep the light ones.
 */
const ADMIN_COLOURS = `
  .rhec-host { --_rule: #d5dae1; --_ok: #1e6b34; --_warn: #8a4b00; --_pending: color-mix(in srgb, var(--_accent) 30%, white); }
  @supports (color: light-dark(#fff, #000)) {
    .rhec-host {
      --_rule: light-dark(#d5dae1, #444c57);
      --_ok: light-dark(#1e6b34, #7dd19a);
      --_warn: light-dark(#8a4b00, #f5b86b);
      --_pending: light-dark(color-mix(in srgb, var(--_accent) 30%, white), color-mix(in srgb, var(--_accent) 40%, #15191f));
    }
  }`;

/**
 * A dashboard's page (the admin's): light or dark as the reader's system is, as the public pages
 * are, with the admin's own colours (status badges, table rules, a chart's pending bar) from ADMIN_COLOURS.
 */
export function adminPage(lang: Lang, title: string, nonce: string, body: Html, extraCss = '', head: Html | string = '', switchHref?: string, canonical?: string): Html {
  return framed(lang, title, nonce, body, ADMIN_COLOURS + extraCss, head, switchHref, canonical);
}


/**
 * Every page follows the reader's system, light or dark (the widget's dark colours, which
 * light-dark() picks by color-scheme); browsers without light-dark() keep them light.
 */
function framed(lang: Lang, title: string, nonce: string, body: Html, extraCss = '', head: Html | string = '', switchHref?: string, canonical?: string): Html {
  // Every tab and bookmark says whose page it is: the coalition's name, unless the title already
  // carries it (the pledge page) or the dashboard's own ("RHEC Pledge").
  const coalition = STRINGS[lang].coalitionName;
  const fullTitle = title.includes(coalition) || title.includes('RHEC Pledge') ? title : `${title} · ${coalition}`;
  return html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        ${canonical
          ? html`<link rel="canonical" href="${canonical}" />${/[?&]lang=(en|es)\b/.test(canonical)
              ? // The same page in each language, for search engines to offer the reader's; any other reader, the
                // English one (the page with no language chosen names it canonical: an alternate must be a canonical address).
                html`${(['en', 'es'] as const).map((l) => html`<link rel="alternate" hreflang="${l}" href="${canonical.replace(/([?&]lang=)(en|es)\b/, `$1${l}`)}" />`)}<link rel="alternate" hreflang="x-default" href="${canonical.replace(/([?&]lang=)(en|es)\b/, '$1en')}" />`
              : ''}`
          : raw('<meta name="robots" content="noindex" />')}
        <title>${fullTitle}</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        ${head}
        <style nonce="${nonce}">${raw(FRAME_CSS)}${raw(pageCss(extraCss))}</style>
      </head>
      <body>
        <main>
          <div class="rhec-host">
            <div class="card" lang="${lang}">${switchHref ? langSwitch(lang, switchHref) : ''}${body}</div>
          </div>
        </main>
      </body>
    </html>`;
}

