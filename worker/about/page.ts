/**
 * `/about`: the coalition's own page, whole, in the reader's language (strings.ts): who it is,
 * the commitment and the way to sign it, who convenes it, the facts with the words around them,
 * and how an organization joins. The pledge page's story links here.
 */
import { html } from 'hono/html';
import { STRINGS } from '../../src/i18n/index.ts';
import type { Lang } from '../../src/pledge-fields.ts';
import { page, type Html } from '../platform/pages/layout.ts';
import { withEnglishNames } from '../platform/pages/english-names.ts';
import { factList } from '../pledges/page.ts';
import { ABOUT_STRINGS } from './strings.ts';

/** English names inside the Spanish text beyond the coalition's and its members' (which withEnglishNames knows). */
const MORE_NAMES = ['ACR Bulletin'];

const ABOUT_CSS = `.tagline { font-size: 1.15em; font-weight: 600; margin: 0 0 1em; }
  .about h2 { font-size: 1.25em; margin: 1.6em 0 .5em; }
  .about blockquote { margin: 1em 0; padding: .25em 0 .25em 1em; border-inline-start: 4px solid var(--_accent, currentColor); font-size: 1.1em; }
  .about blockquote p { margin: 0; }
  .about .facts { margin: 1em 0; }`;

/** `origin`: the public origin (PUBLIC_ORIGIN), which makes the canonical address and its languages' whole URLs. */
export function aboutPage(lang: Lang, nonce: string, head: Html | string = '', switchHref?: string, origin = ''): Html {
  const a = ABOUT_STRINGS[lang];
  const s = STRINGS[lang];
  const named = (text: string) => withEnglishNames(text, lang, MORE_NAMES);
  return page(
    lang,
    a.title,
    nonce,
    html`<div class="about">
      <p class="coalition" lang="en">${s.coalitionName}</p>
      <h1 class="heading">${a.title}</h1>
      <p class="tagline">${a.tagline}</p>
      ${a.story.map((p) => html`<p>${named(p)}</p>`)}

      <h2>${s.commitmentHeading}</h2>
      <p class="commitment">${s.commitmentText}</p>
      <p>${a.afterSigning}</p>
      <p><a class="button" href="/pledge?lang=${lang}&amp;source=about">${a.signLink}</a></p>

      <h2>${named(a.conveningHeading)}</h2>
      ${a.convening.map((p) => html`<p>${named(p)}</p>`)}

      <h2>${a.factsHeading}</h2>
      <div class="facts">${factList(s)}</div>
      <p>${named(a.factsAfter)}</p>
      <blockquote><p>${a.quote}</p></blockquote>
      ${a.quoteNote ? html`<p class="hint">${a.quoteNote}</p>` : ''}

      <h2>${a.joinHeading}</h2>
      <ul class="links">
        <li><a href="/join?lang=${lang}">${a.joinLink}</a></li>
        <li><a href="/organizations?lang=${lang}">${a.joinedLink}</a></li>
        <li><a href="/impact?lang=${lang}">${a.impactLink}</a></li>
      </ul>
    </div>`,
    ABOUT_CSS,
    head,
    switchHref,
    `${origin.replace(/\/$/, '')}/about?lang=${lang}`,
  );
}
