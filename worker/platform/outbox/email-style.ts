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
