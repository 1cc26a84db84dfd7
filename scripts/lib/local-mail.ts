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
    .filter((f) => (f.endsWith('.txt') || f.endsWith('.eml')) && !seen.has(basename(f)) && seen.add(basename(f)))
    .map((file) => ({ file, text: file.endsWith('.eml') ? readableEml(readFileSync(file, 'utf8')) : readFileSync(file, 'utf8'), at: statSync(file).mtime }))
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

/**
 * A raw message (updates are kept whole, so their List-Unsubscribe headers show): the raw
 * headers as sent, then the decoded plain-text part.
 */
export function readableEml(raw: string): string {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  const boundary = /boundary="([^"]+)"/.exec(head)?.[1];
  let text = body;
  if (boundary) {
    const plain = body.split(`--${boundary}`).find((part) => /Content-Type: text\/plain/i.test(part)) ?? '';
    const [partHead = '', ...partBody] = plain.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
    const content = partBody.join('\n\n');
    text = /base64/i.test(partHead) ? Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8') : content;
  }
  return `${decodeHeaders(head.replace(/\r/g, ''))}\n\n${text.replace(/\r/g, '')}`;
}

/**
 * Headers as a person reads them: RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`, as a
 * subject with accents or an update's title is sent) decoded, and a header folded over lines unfolded
 * when it held them. Everything else stays as sent.
 */
export function decodeHeaders(head: string): string {
  const word = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  const decode = (charset: string, encoding: string, data: string) => {
    const bytes = /b/i.test(encoding)
      ? Buffer.from(data, 'base64')
      : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      return bytes.toString('utf8');
    }
  };
  return head
    .replace(/\n[ \t]+(?==\?)/g, ' ') // an encoded subject folded over lines: one line again
    .replace(/(\?=)[ \t]+(?==\?)/g, '$1') // whitespace between two encoded words is not part of the text
    .replace(word, (_, charset: string, encoding: string, data: string) => decode(charset, encoding, data));
}
