/**
 * Local emails. `wrangler dev` writes each email the Worker sends to
 * .wrangler/tmp/email/<instance>/email-{text,html}/<id>.{txt,html} and deletes them when it
 * stops; `keepLocalEmails` copies them to .wrangler/mailbox/ so they outlive the session.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ROOT } from './run.ts';

export const MAILBOX = join(ROOT, '.wrangler', 'mailbox');
const WRANGLER_EMAIL = join(ROOT, '.wrangler', 'tmp', 'email');

export interface LocalEmail {
  file: string;
  text: string;
  at: Date;
}

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

/** Plain-text parts of every local email (kept or still in wrangler's folder), newest first. */
export function localEmails(): LocalEmail[] {
  const seen = new Set<string>();
  return [...files(MAILBOX), ...files(WRANGLER_EMAIL)]
    .filter((f) => f.endsWith('.txt') && !seen.has(basename(f)) && seen.add(basename(f)))
    .map((file) => ({ file, text: readFileSync(file, 'utf8'), at: statSync(file).mtime }))
    .sort((a, b) => b.at.getTime() - a.at.getTime());
}

/** Copies new local emails (text and HTML) into .wrangler/mailbox/ every second until stopped. */
export function keepLocalEmails(): () => void {
  mkdirSync(MAILBOX, { recursive: true });
  const timer = setInterval(() => {
    for (const file of files(WRANGLER_EMAIL)) {
      const target = join(MAILBOX, basename(file));
      if (!existsSync(target)) copyFileSync(file, target);
    }
  }, 1000);
  return () => clearInterval(timer);
}
