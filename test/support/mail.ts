/** Waiting for a local email (wrangler's `send_email` writes each one to a file). */
import { existsSync, readFileSync } from 'node:fs';
import { localEmails } from '../../scripts/lib/local-mail.ts';

/** The plain text of the newest local email to `address` whose text matches `matching`. */
export async function emailTo(address: string, matching: RegExp = /./, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = localEmails().find((e) => e.text.includes(address) && matching.test(e.text));
    if (found) return found.text;
    if (Date.now() > deadline) throw new Error(`No local email to ${address} matching ${matching}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The HTML part of the newest local email to `address` (written beside its text as `.html`), waited
 * for: wrangler writes the text file first and the HTML one after it, so a caller that has just
 * seen the text (`emailTo`) could look before the HTML is there (a flake seen on a loaded machine).
 */
export async function htmlOfEmailTo(address: string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = localEmails().find((e) => e.text.includes(address));
    // wrangler writes email-text/<id>.txt beside email-html/<id>.html; the kept copies share one folder.
    const html = found?.file.replace(/\.(txt|eml)$/, '.html').replace(/([\\/])email-text([\\/])/, '$1email-html$2');
    if (html && existsSync(html)) return readFileSync(html, 'utf8');
    if (Date.now() > deadline) throw new Error(`No local HTML email to ${address}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
