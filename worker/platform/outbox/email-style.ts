import type { Lang } from '../../../src/pledge-fields.ts';

/** A quotation in a plain-text email, marked as the reader's language marks one: "…" in English, «…» in Spanish. */
export const quoted = (text: string, lang: Lang): string => (lang === 'es' ? `«${text}»` : `"${text}"`);

/**
 * The emails' call-to-action link drawn as a button, inline (mail clients drop style sheets). The
 * border matches the fill, so it shows only where the fill is dropped: in forced colours (Windows
 * high contrast) the box stays a box instead of becoming plain bold text with no underline.
 */
export const EMAIL_BUTTON =
  'display:inline-block;padding:12px 20px;background:#1f4e8c;color:#ffffff;font-weight:700;text-decoration:none;border:2px solid #1f4e8c;border-radius:4px';

/**
 * The emails' card, inline as the button is. A word too long for the line breaks anywhere: at 320 px
 * the card holds about 220 px of text, less than a clinician's address with no hyphen in it
 * (first.last@department.hospital.org), which otherwise pushed the whole email sideways on a phone.
 */
export const EMAIL_CARD = 'max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px;word-wrap:break-word;overflow-wrap:anywhere';

/**
 * What every email's `<head>` carries after its charset and viewport: it has a dark design of its
 * own, so a mail client in dark mode that reads `color-scheme` (Apple Mail reads the older
 * `supported-color-schemes` too) shows that design instead of inverting the light one. The light
 * design stays inline, and a client that drops the style sheet shows it as before. Marked by
 * class: `card` (the email's box), `button` (its call to action), `muted` (the small print),
 * `brand` (the coalition's name above an update), `banner` (a test's notice). `!important`:
 * the inline light colours win over any rule without it.
 */
export const EMAIL_HEAD =
  '<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">' +
  '<style>:root{color-scheme:light dark;supported-color-schemes:light dark}' +
  '@media (prefers-color-scheme:dark){' +
  'body{background:#111418!important;color:#e8ebef!important}' +
  '.card{background:#1c2127!important}' +
  'a,.brand{color:#9fc3ff!important}' +
  'a.button{background:#9fc3ff!important;border-color:#9fc3ff!important;color:#0b1a2e!important}' +
  '.muted{color:#b8c0cb!important}' +
  'blockquote{border-color:#9fc3ff!important}' +
  'hr{border-color:#3a424c!important}' +
  '.banner{background:#3a3212!important;border-color:#e0c25a!important}' +
  '}</style>';
