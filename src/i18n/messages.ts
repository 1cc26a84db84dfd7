import { MAX_LENGTH, type Lang } from '../pledge-fields.ts';
import { enMessages } from './en.ts';
import { esMessages } from './es.ts';

/** Field messages in every language, keyed as the shared schema reports them. Used by the Worker. */
const MESSAGES: Record<Lang, Record<string, string>> = { en: enMessages, es: esMessages };

/** The message for one schema key, in `lang`; `{max}` becomes that field's `MAX_LENGTH`. */
export function fieldMessage(lang: Lang, key: string): string {
  const messages = MESSAGES[lang];
  const message = messages[key] ?? messages.fallback ?? key;
  const max = MAX_LENGTH[key.split('.')[0] as keyof typeof MAX_LENGTH];
  return max ? message.replace('{max}', String(max)) : message;
}
