/**
 * The drop-in script's weight budget (PRODUCT.md): under 15 KB gzip, complete.
 * Prints raw, gzip and brotli sizes; exits non-zero when the budget is broken.
 */
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const BUDGET_GZIP_BYTES = 15 * 1024;
const file = new URL('../dist/rhec-pledge.js', import.meta.url);

const raw = readFileSync(file);
const gzip = gzipSync(raw, { level: 9 }).length;
const brotli = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;

console.log(`rhec-pledge.js: ${kb(raw.length)} raw, ${kb(gzip)} gzip, ${kb(brotli)} brotli (budget ${kb(BUDGET_GZIP_BYTES)} gzip)`);
const kiosk = readFileSync(new URL('../dist/rhec-pledge-kiosk.js', import.meta.url));
console.log(`rhec-pledge-kiosk.js (loaded only with kiosk): ${kb(kiosk.length)} raw, ${kb(gzipSync(kiosk, { level: 9 }).length)} gzip`);
if (gzip > BUDGET_GZIP_BYTES) {
  console.error(`Over budget by ${kb(gzip - BUDGET_GZIP_BYTES)} gzip.`);
  process.exit(1);
}
