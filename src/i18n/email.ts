import type { Lang } from '../pledge-fields.ts';
import { enEmail, type EmailStrings } from './en.ts';
import { esEmail } from './es.ts';

/** Email and link-page strings in every language. Used by the Worker. */
export const EMAIL_STRINGS: Record<Lang, EmailStrings> = { en: enEmail, es: esEmail };
