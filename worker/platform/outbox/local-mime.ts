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

/** RFC 2047 encoded word, so any subject (accents, quotes) survives the header. */
const encodedWord = (text: string) => `=?UTF-8?B?${base64(text)}?=`;

/** `replyTo`: EMAIL_REPLY_TO when set, as the binding's `replyTo` field carries it when deployed. */
export function rawMime(from: string, email: OutgoingEmail, replyTo?: string): string {
  const boundary = `rhec-${crypto.randomUUID()}`;
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'localhost';
  const headers = [
    `From: ${from}`,
    `To: ${email.to}`,
    ...(replyTo ? [`Reply-To: ${replyTo.replace(/[\r\n]+/g, ' ')}`] : []),
    `Subject: ${encodedWord(email.subject)}`,
    `Message-ID: <${crypto.randomUUID()}@${domain}>`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    ...Object.entries(email.headers ?? {}).map(([name, value]) => `${name}: ${value.replace(/[\r\n]+/g, ' ')}`),
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
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
