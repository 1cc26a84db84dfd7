/**
 * The share cards: one 1200×630 PNG per language (dist/share/rhec-pledge-<lang>.png), drawn as SVG
 * and rendered by resvg (@resvg/resvg-js) at build time, so LinkedIn, X, Facebook and chat apps
 * show a proper card for the hosted pages (see worker/impact/share-meta.ts). The faint map is the
 * impact page's own, from worker/impact/generated/us-map.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { LANGS } from '../src/pledge-fields.ts';
import { STATE_PATHS } from '../worker/impact/generated/us-map.ts';
import { CARD_HEIGHT, CARD_WIDTH, cardPath } from '../worker/impact/share-meta.ts';
import { IMPACT_STRINGS } from '../worker/impact/strings.ts';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const FONT = `'Liberation Sans', 'DejaVu Sans', Arial, Helvetica, sans-serif`;

export function cardSvg(lang: (typeof LANGS)[number]): string {
  const s = IMPACT_STRINGS[lang];
  const map = Object.values(STATE_PATHS).join('');
  const lines = (texts: string[], x: number, y: number, size: number, weight: number, fill: string, gap = 1.2) =>
    texts
      .map((t, i) => `<text x="${x}" y="${y + i * size * gap}" font-size="${size}" font-weight="${weight}" fill="${fill}">${escape(t)}</text>`)
      .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" viewBox="0 0 ${CARD_WIDTH} ${CARD_HEIGHT}" font-family="${FONT}">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#163a6b"/><stop offset="1" stop-color="#1f4e8c"/>
    </linearGradient>
  </defs>
  <rect width="100%" height="100%" fill="url(#bg)"/>
  <g transform="translate(560 170) scale(0.66)" fill="#ffffff" fill-opacity="0.10" stroke="#ffffff" stroke-opacity="0.25" stroke-width="1.5">
    <path d="${map}"/>
  </g>
  <rect x="72" y="72" width="8" height="486" fill="#8fb8f2"/>
  ${lines([s.cardKicker.toUpperCase()], 112, 120, 26, 700, '#bcd3f2')}
  ${lines(s.cardHeading, 112, 216, 64, 800, '#ffffff', 1.15)}
  ${lines(s.cardCommitment, 112, 390, 27, 400, '#e6eefa', 1.4)}
  <rect x="112" y="466" width="${s.cardCta.length * 17 + 64}" height="68" rx="34" fill="#ffffff"/>
  ${lines([s.cardCta], 144, 511, 30, 700, '#163a6b')}
</svg>`;
}

const out = new URL('../dist/', import.meta.url);
for (const lang of LANGS) {
  const png = new Resvg(cardSvg(lang), { font: { loadSystemFonts: true, defaultFontFamily: 'Liberation Sans' } }).render();
  const file = new URL(`.${cardPath(lang)}`, out);
  mkdirSync(new URL('.', file), { recursive: true });
  writeFileSync(file, png.asPng());
  console.log(`${cardPath(lang).slice(1)}: ${png.width}×${png.height}, ${(png.asPng().length / 1024).toFixed(1)} KB`);
}
