/**
 * The printable poster: the commitment, the coalition's name and members, and a large QR
 * code that opens the hosted pledge page with the society and the source code.
 * `posterPage` is the HTML page (print CSS: one sheet of US Letter or A4); `posterSvg` the
 * same poster as one SVG file, for designers.
 */
import { html, raw } from 'hono/html';
import { SOCIETIES } from '../../src/content/coalition.ts';
import { STRINGS } from '../../src/i18n/index.ts';
import type { Lang } from '../../src/pledge-fields.ts';
import type { Html } from '../platform/pages/layout.ts';
import { langSwitch } from '../platform/pages/lang-switch.ts';
import { qrPath } from './qr.ts';
import { POSTER_STRINGS } from './strings.ts';
import { withEnglishNames } from '../platform/pages/english-names.ts';

export interface Poster {
  lang: Lang;
  partner: { id: string; name: string };
  source: string | undefined;
  /** A `source` that was given but cannot be used (so the poster has none): said on screen, with its length and the nearest usable code. */
  badSource?: { given: string; length: number; fix: string | undefined };
  /** The hosted pledge page the QR code opens. */
  url: string;
  /** This poster as SVG (`/poster.svg?…`). */
  svgHref: string;
}

/**
 * The printed area, in millimetres: what fits inside both US Letter (215.9 × 279.4) and
 * A4 (210 × 297) with 12 mm margins. Whichever paper the printer has, it is one sheet.
 */
const SHEET = { width: 186, height: 250, margin: 12 } as const;

/** What a person sees of the URL: without the scheme, so it is short enough to type. */
function shortUrl(url: string): string {
  return url.replace(/^https?:\/\//, '');
}

const CSS = `
  @page { margin: ${SHEET.margin}mm; }
  * { box-sizing: border-box; }
  html { color: #111; background: #eef1f5; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; }
  body { margin: 0; padding: 16px 12px 32px; }
  .screen { max-width: ${SHEET.width}mm; margin: 0 auto 16px; line-height: 1.5; }
  .screen h1 { font-size: 1.4rem; margin: 0 0 8px; }
  .screen p { margin: 0 0 8px; }
  .screen a { color: #1f4e8c; }
  .screen .lang-switch { text-align: end; }
  .screen a:focus-visible { outline: 3px solid #111; outline-offset: 2px; background: #ffdd00; }
  .problem { border-inline-start: 5px solid #b3261e; padding: 4px 0 4px 12px; margin: 0 0 12px; }
  .problem:focus-visible { outline: 3px solid #111; outline-offset: 2px; }
  /* Never wider than the screen, even with the text at 200 % on a 320 px phone (the field's 12em would be 384 px there). */
  .source-form { display: grid; grid-template-columns: minmax(0, 1fr); gap: 4px; margin: 0 0 12px; }
  .source-form .hint { color: #4a5360; font-size: 0.9rem; }
  .source-form .row { display: flex; flex-wrap: wrap; gap: 8px; }
  .source-form input { flex: 1 1 12em; min-width: 0; min-height: 44px; font: inherit; padding: 4px 8px; border: 2px solid #4a5360; border-radius: 4px; }
  .source-form button { min-height: 44px; font: inherit; font-weight: 700; padding: 4px 16px; border: 2px solid #1f4e8c; border-radius: 4px; background: #1f4e8c; color: #fff; cursor: pointer; }
  .source-form :focus-visible { outline: 3px solid #111; outline-offset: 2px; }
  .sheet {
    container-type: inline-size; width: min(${SHEET.width}mm, 100%); aspect-ratio: ${SHEET.width} / ${SHEET.height};
    margin: 0 auto; background: #fff; color: #111; overflow: hidden;
    display: flex; flex-direction: column; align-items: center; text-align: center;
    padding: 5cqw 6cqw 4cqw; box-shadow: 0 2px 12px rgb(0 0 0 / 0.15);
  }
  .coalition { font-size: 3.6cqw; font-weight: 700; letter-spacing: 0.02em; color: #1f4e8c; margin: 0; }
  .tagline { font-size: 2.3cqw; margin: 0.6cqw 0 0; color: #333; }
  .heading { font-size: 9cqw; line-height: 1.05; margin: 4cqw 0 2cqw; }
  .commitment { font-size: 4.3cqw; line-height: 1.3; margin: 0; max-width: 90%; font-weight: 500; }
  .qr { width: 47cqw; height: 47cqw; margin: 4cqw 0 1cqw; display: block; }
  .scan { font-size: 4.6cqw; font-weight: 700; margin: 0; }
  .scan-hint { font-size: 2.4cqw; margin: 0.8cqw 0 0; color: #333; }
  .url { font-size: 2.3cqw; margin: 1.2cqw 0 0; overflow-wrap: anywhere; }
  .through { font-size: 3cqw; font-weight: 600; margin: auto 0 0; padding-top: 2cqw; color: #1f4e8c; }
  .members { margin: 2cqw 0 0; padding: 2cqw 0 0; border-top: 0.3cqw solid #1f4e8c; width: 100%; }
  .members h3 { font-size: 2.2cqw; text-transform: uppercase; letter-spacing: 0.08em; margin: 0 0 1cqw; }
  .members ul { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: 1fr 1fr; gap: 0.4cqw 3cqw; font-size: 1.95cqw; text-align: start; }
  .members abbr { text-decoration: none; font-weight: 700; }
  /* On a phone the sheet, drawn to scale, would set its words 6 px tall: there it reads at a size of
     its own instead, its height following its words, while the printed sheet stays exactly as drawn. */
  @media screen and (max-width: 40em) {
    .sheet { aspect-ratio: auto; padding: 20px 16px 16px; }
    /* With the text at 200 % a word can be wider than the screen ("Comprométase" at 56 px): it wraps inside. */
    .screen, .sheet { overflow-wrap: anywhere; }
    .coalition { font-size: max(3.6cqw, 1rem); }
    .tagline, .scan-hint, .url { font-size: max(2.4cqw, .875rem); margin-top: 4px; }
    .heading { font-size: max(9cqw, 1.75rem); margin: 16px 0 8px; }
    .commitment { font-size: max(4.3cqw, 1rem); max-width: none; }
    .qr { margin: 16px 0 4px; }
    .scan { font-size: max(4.6cqw, 1.1rem); }
    .through { font-size: max(3cqw, 1rem); padding-top: 12px; }
    .members { margin-top: 12px; padding-top: 12px; border-top-width: 2px; }
    .members h3 { font-size: .875rem; margin-bottom: 6px; }
    .members ul { grid-template-columns: minmax(0, 1fr); gap: 4px; font-size: .875rem; }
  }
  @media print {
    html, body { background: #fff; padding: 0; }
    .screen { display: none; }
    .sheet { width: ${SHEET.width}mm; height: ${SHEET.height}mm; aspect-ratio: auto; box-shadow: none; break-inside: avoid; }
    * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  }
  /* A QR code must stay dark on light to scan, whatever the reader's colours: it keeps its own. */
  .qr { forced-color-adjust: none; }
`;

function qrSvg(url: string, label: string): Html {
  const qr = qrPath(url);
  return html`<svg class="qr" viewBox="0 0 ${qr.size} ${qr.size}" role="img" aria-label="${label}" shape-rendering="crispEdges">
    <rect width="${qr.size}" height="${qr.size}" fill="#fff"></rect>
    <path d="${qr.d}" fill="#000"></path>
  </svg>`;
}

/**
 * The source-code input, on the poster page and on the page that chooses a society (`/poster`
 * without one): described by the hint with id `source-hint` that each puts beside it; as long as a
 * source may be (`SOURCE_PATTERN`: 64).
 */
export const sourceInput = (value: string) =>
  html`<input type="text" id="source" name="source" value="${value}" maxlength="64" autocomplete="off" spellcheck="false" aria-describedby="source-hint" />`;

/** The SVG's file name: society, source code and language (`rhec-poster-rsna-booth-2026-en.svg`). */
export const posterFileName = (poster: Poster) => `${['rhec-poster', poster.partner.id, poster.source, poster.lang].filter(Boolean).join('-')}.svg`;

/** `switchHref`: this page in the other language (on screen only: the printed sheet is one language). */
export function posterPage(poster: Poster, nonce: string, switchHref: string): Html {
  const p = POSTER_STRINGS[poster.lang];
  const s = STRINGS[poster.lang];
  return html`<!doctype html>
    <html lang="${poster.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${p.printTitle(poster.partner.name, poster.partner.id)} · ${p.coalition}</title>
        <style nonce="${nonce}">${raw(CSS)}</style>
      </head>
      <body>
        <header class="screen">
          ${langSwitch(poster.lang, switchHref)}
          <h1>${withEnglishNames(p.printTitle(poster.partner.name, poster.partner.id), poster.lang, [poster.partner.name])}</h1>
          <p>${p.printHelp} ${p.printButtonHint}</p>
          ${poster.badSource
            ? // A code that cannot be used is the one thing to act on here: focused on load (no script)
              // and announced, as the other pages' problems are.
              html`<div class="problem" role="alert" tabindex="-1" autofocus><p>${p.badSourceNote(poster.badSource.given, poster.badSource.length)}
                ${poster.badSource.fix
                  ? html`<a href="/poster?${new URLSearchParams({ partner: poster.partner.id, source: poster.badSource.fix, lang: poster.lang })}">${p.useFix(poster.badSource.fix)}</a>`
                  : ''}</p></div>`
            : html`<p>${poster.source ? p.sourceNote(poster.source) : p.noSourceNote}</p>`}
          <form method="get" action="/poster" class="source-form">
            <input type="hidden" name="partner" value="${poster.partner.id}" /><input type="hidden" name="lang" value="${poster.lang}" />
            <label for="source">${p.chooserSource}</label>
            <span class="hint" id="source-hint">${p.chooserSourceHint}</span>
            <span class="row">${sourceInput(poster.source ?? poster.badSource?.fix ?? '')}
            <button type="submit">${p.sourceSubmit}</button></span>
          </form>
          <p><a href="${poster.svgHref}" download="${posterFileName(poster)}">${p.svgLink}</a></p>
        </header>
        <main class="sheet">
          <p class="coalition" lang="en">${p.coalition}</p>
          <p class="tagline">${p.tagline}</p>
          <h2 class="heading">${s.commitmentHeading}</h2>
          <p class="commitment">${s.commitmentText}</p>
          ${qrSvg(poster.url, p.qrLabel(poster.url))}
          <p class="scan">${p.scan}</p>
          <p class="scan-hint">${p.scanHint}</p>
          <p class="url">${p.orVisit} <a href="${poster.url}">${shortUrl(poster.url)}</a></p>
          <p class="through">${withEnglishNames(p.through(poster.partner.name, poster.partner.id), poster.lang, [poster.partner.name])}</p>
          <section class="members" aria-labelledby="members-title">
            <h3 id="members-title">${p.members}</h3>
            <ul lang="en">
              ${SOCIETIES.map((m) => html`<li><abbr title="${m.name}">${m.short}</abbr> ${m.name}</li>`)}
            </ul>
          </section>
        </main>
      </body>
    </html>`;
}

/** Escapes text for SVG (XML) content and attributes. */
function xml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * Breaks `text` into lines of at most `maxChars` characters (SVG text does not wrap).
 * A character budget is rough, so the widths below leave room: an average sans-serif
 * character is about half an em wide.
 */
function wrap(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && (line + ' ' + word).length > maxChars) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Centred text lines from `y` (baseline of the first), `size` and `lineHeight` in mm. `english`: a
 * name in them marked `lang="en"` (a society's, inside a Spanish sentence), as the page marks it.
 */
function textLines(lines: string[], y: number, size: number, lineHeight: number, attrs = '', english?: string): string {
  const line = (l: string) => (english ? l.split(english).map(xml).join(`<tspan lang="en">${xml(english)}</tspan>`) : xml(l));
  return `<text x="${SHEET.width / 2}" y="${y}" font-size="${size}" text-anchor="middle"${attrs}>${lines
    .map((l, i) => `<tspan x="${SHEET.width / 2}" dy="${i ? lineHeight : 0}">${line(l)}</tspan>`)
    .join('')}</text>`;
}

/** The largest font size (up to `max` mm) at which one line of `text` fits `width` mm, roughly. */
function fitSize(text: string, max: number, width = SHEET.width - 20): number {
  return Math.min(max, Math.floor((width / (text.length * 0.58)) * 10) / 10);
}

/** The poster as one SVG in millimetres (186 × 250), fonts left to the designer's system. */
export function posterSvg(poster: Poster): string {
  const p = POSTER_STRINGS[poster.lang];
  const s = STRINGS[poster.lang];
  const W = SHEET.width;
  const qr = qrPath(poster.url);
  const qrSide = 88;
  const qrTop = 86;
  const scale = qrSide / qr.size;
  const commitment = wrap(s.commitmentText, 42);
  const shortNames = SOCIETIES.map((m) => m.short).join(' · ');
  const fullNames = wrap(SOCIETIES.map((m) => m.name).join(' · '), 92);
  // "Or visit …": one line while it fits at a readable size, else the address and its query apart
  // (a long event code, a long host), each line fitted to the sheet.
  const visit = `${p.orVisit} ${shortUrl(poster.url)}`;
  const [path, query] = shortUrl(poster.url).split('?');
  const visitLines = fitSize(visit, 3.8) >= 3.2 || !query ? [visit] : [`${p.orVisit} ${path}`, `?${query}`];
  const visitSize = Math.min(...visitLines.map((l) => fitSize(l, 3.8)));
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${W}mm" height="${SHEET.height}mm" viewBox="0 0 ${W} ${SHEET.height}" role="img" aria-labelledby="poster-title poster-desc" lang="${poster.lang}">
  <title id="poster-title">${xml(`${p.coalition}: ${s.commitmentHeading}`)}</title>
  <desc id="poster-desc">${xml(`${s.commitmentText} ${p.scan}: ${poster.url}`)}</desc>
  <rect width="${W}" height="${SHEET.height}" fill="#fff"/>
  <g font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif" fill="#111">
    ${textLines([p.coalition], 16, 6.6, 0, ' font-weight="700" fill="#1f4e8c" lang="en"')}
    ${textLines(wrap(p.tagline, 70), 22.5, 4.2, 5)}
    ${textLines([s.commitmentHeading], 44, fitSize(s.commitmentHeading, 16), 0, ' font-weight="700"')}
    ${textLines(commitment, 56 + (commitment.length > 3 ? 0 : 3), 7.6, 9.4, ' font-weight="500"')}
    <g transform="translate(${(W - qrSide) / 2} ${qrTop}) scale(${scale})" shape-rendering="crispEdges">
      <rect width="${qr.size}" height="${qr.size}" fill="#fff"/>
      <path d="${qr.d}" fill="#000"/>
    </g>
    ${textLines([p.scan], qrTop + qrSide + 7, 8, 0, ' font-weight="700"')}
    ${textLines(wrap(p.scanHint, 80), qrTop + qrSide + 13, 4.2, 5, ' fill="#333"')}
    ${textLines(visitLines, qrTop + qrSide + 19.5, visitSize, Math.round(visitSize * 12.5) / 10)}
    ${textLines([p.through(poster.partner.name, poster.partner.id)], 212, fitSize(p.through(poster.partner.name, poster.partner.id), 5.4), 0, ' font-weight="600" fill="#1f4e8c"', poster.lang === 'en' ? undefined : poster.partner.name)}
    <rect x="11" y="216" width="${W - 22}" height="0.6" fill="#1f4e8c"/>
    ${textLines([p.members.toUpperCase()], 222.5, 3.4, 0, ' font-weight="700" letter-spacing="0.3"')}
    ${textLines([shortNames], 229, 4.4, 0, ' font-weight="700" lang="en"')}
    ${textLines(fullNames, 234.5, 3.1, 4, ' lang="en"')}
  </g>
</svg>
`;
}
