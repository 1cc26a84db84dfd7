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

/** The HTML part of the newest local email to `address` (written beside its text as `.html`). */
export function htmlOfEmailTo(address: string): string {
  const found = localEmails().find((e) => e.text.includes(address));
  // wrangler writes email-text/<id>.txt beside email-html/<id>.html; the kept copies share one folder.
  const html = found?.file.replace(/\.(txt|eml)$/, '.html').replace(/([\\/])email-text([\\/])/, '$1email-html$2');
  if (!html || !existsSync(html)) throw new Error(`No local HTML email to ${address}`);
  return readFileSync(html, 'utf8');
}
