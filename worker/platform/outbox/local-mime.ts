/**
 * A raw MIME message (multipart/alternative: text, then HTML) for local development only:
 * wrangler writes a raw message to disk whole, headers included, where a message built from
 * fields loses its extra headers. Deployed Workers pass headers to the binding instead.
 */
import type { OutgoingEmail } from './kinds.ts';

const encoder = new TextEncoder();

function base64(text: string): string {
  const bytes = encoder.encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Base64 wrapped at 76 characters, as MIME requires. */
const wrapped = (text: string) => base64(text).replace(/.{1,76}/g, '$&\r\n');

/**
 * RFC 2047 encoded words, so any subject (accents, quotes) survives the header. One word holds at
 * most 42 bytes of UTF-8 (56 of base64, 68 with its markers: RFC 2047 allows 75, and "Subject: "
 * and the first word fit RFC 5322's 78), cut between characters, never inside one; each further word
 * goes on a folded line of its own, and a reader joins the words back without a space. One word for
 * a whole subject made a line of up to 800 characters from an update's 150, which mail tools
 * following RFC 2047 may leave undecoded.
 */
function encodedWords(text: string): string {
  const words: string[] = [];
  let word = '';
  for (const char of text) {
    if (word && encoder.encode(word + char).length > 42) {
      words.push(word);
      word = '';
    }
    word += char;
  }
  words.push(word);
  return words.map((w) => `=?UTF-8?B?${base64(w)}?=`).join('\r\n ');
}

/** `replyTo`: EMAIL_REPLY_TO when set, as the binding's `replyTo` field carries it when deployed. */
export function rawMime(from: string, email: OutgoingEmail, replyTo?: string): string {
  const boundary = `rhec-${crypto.randomUUID()}`;
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'localhost';
  const headers = [
    `From: ${from}`,
    `To: ${email.to}`,
    ...(replyTo ? [`Reply-To: ${replyTo.replace(/[\r\n]+/g, ' ')}`] : []),
    `Subject: ${encodedWords(email.subject)}`,
    `Message-ID: <${crypto.randomUUID()}@${domain}>`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    ...Object.entries(email.headers ?? {}).map(([name, value]) => `${name}: ${value.replace(/[\r\n]+/g, ' ')}`),
    // Folded: on one line, with its boundary, it is longer than RFC 5322's 78.
    `Content-Type: multipart/alternative;\r\n boundary="${boundary}"`,
  ];
  return [
    ...headers,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    wrapped(email.text),
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    wrapped(email.html),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
