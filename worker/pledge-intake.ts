/**
 * Taking a pledge in, shared by the JSON API and the hosted (no-JavaScript) page:
 * validate with the shared schema, check the partner, store. Answers the same for a
 * new and an already-pledged email.
 */
import { fieldMessage } from '../src/i18n/messages.ts';
import type { Lang } from '../src/pledge-fields.ts';
import { validatePledge } from '../src/pledge-schema.ts';
import { isActivePartner } from './db/partners.ts';
import { insertPledge } from './db/pledges.ts';

export type IntakeResult = { ok: true } | { ok: false; fields: Record<string, string[]> };

export async function takePledge(env: Env, input: unknown, lang: Lang): Promise<IntakeResult> {
  const result = validatePledge(input);
  if (!result.ok) {
    const fields = Object.fromEntries(
      Object.entries(result.fields).map(([field, keys]) => [field, (keys ?? []).map((k) => fieldMessage(lang, k))]),
    );
    return { ok: false, fields };
  }
  const pledge = result.pledge;
  if (!(await isActivePartner(env.DB, pledge.partner))) {
    return { ok: false, fields: { partner: [fieldMessage(lang, 'partner.unknown')] } };
  }
  await insertPledge(env.DB, pledge.id ?? crypto.randomUUID(), pledge);
  return { ok: true };
}
