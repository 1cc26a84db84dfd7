/** The signed after-the-pledge links a pledger gets in emails and on the confirmed page. */
import type { Lang } from '../../src/pledge-fields.ts';
import { makeToken } from '../platform/tokens.ts';

const origin = (env: Env) => env.PUBLIC_ORIGIN.replace(/\/$/, '');

export async function actionsUrl(env: Env, pledgeId: string, lang: Lang): Promise<string> {
  return `${origin(env)}/actions?lang=${lang}&t=${await makeToken(env, pledgeId, 'act')}`;
}

/** The one-click unsubscribe link of an email sent by consent (the check-in; updates build their own), its page in `lang`. */
export async function unsubscribeUrl(env: Env, pledgeId: string, lang: Lang): Promise<string> {
  return `${origin(env)}/unsubscribe?lang=${lang}&t=${await makeToken(env, pledgeId, 'unsubscribe')}`;
}

/** The pledger's email preferences (updates on or off, their language, withdrawal). */
export async function preferencesUrl(env: Env, pledgeId: string, lang: Lang): Promise<string> {
  return `${origin(env)}/preferences?lang=${lang}&t=${await makeToken(env, pledgeId, 'preferences')}`;
}

/** The pledger's own withdrawal link (the page asks first; the POST withdraws and erases). */
export async function withdrawUrl(env: Env, pledgeId: string, lang: Lang): Promise<string> {
  return `${origin(env)}/withdraw?lang=${lang}&t=${await makeToken(env, pledgeId, 'withdraw')}`;
}

/** Stops the yearly renewal email (one button on GET; a POST, or a mail client's one-click, turns it off). */
export async function remindersUrl(env: Env, pledgeId: string, lang: Lang): Promise<string> {
  return `${origin(env)}/reminders?lang=${lang}&t=${await makeToken(env, pledgeId, 'reminders')}`;
}

export async function recommitUrl(env: Env, pledgeId: string, lang: Lang): Promise<string> {
  return `${origin(env)}/recommit?lang=${lang}&t=${await makeToken(env, pledgeId, 'recommit')}`;
}
