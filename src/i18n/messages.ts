import type { Lang } from '../pledge-fields.ts';
import { enMessages } from './en.ts';
import { esMessages } from './es.ts';

/** Field messages in every language, keyed as the shared schema reports them. Used by the Worker. */
const MESSAGES: Record<Lang, Record<string, string>> = { en: enMessages, es: esMessages };

/** The message for one schema key, in `lang`. */
export function fieldMessage(lang: Lang, key: string): string {
  const messages = MESSAGES[lang];
  return messages[key] ?? messages.fallback ?? key;
}
