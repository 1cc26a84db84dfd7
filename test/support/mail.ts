/** Waiting for a local email (wrangler's `send_email` writes each one to a file). */
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
