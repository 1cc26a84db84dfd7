/** What the confirmed page shows after "Thank you": the role's next steps and the signed "Tell us what you did" link. */
import { html } from 'hono/html';
import type { Lang } from '../../src/pledge-fields.ts';
import type { Html } from '../platform/pages/layout.ts';
import { actionsUrl } from './links.ts';
import { stepsBlock, tellUsBlock } from './pages.ts';
import { nextSteps, pledgeForActions } from './queries.ts';

export async function afterConfirmation(env: Env, pledgeId: string, lang: Lang): Promise<Html | string> {
  const pledge = await pledgeForActions(env.DB, pledgeId);
  if (!pledge || pledge.status !== 'confirmed') return '';
  const steps = await nextSteps(env.DB, pledge.role, lang);
  return html`${stepsBlock(lang, pledge.role, steps)}${tellUsBlock(lang, await actionsUrl(env, pledgeId, lang))}`;
}
