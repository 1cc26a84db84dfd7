/** The confirmation and "already pledged" emails: plain text and accessible HTML, in the pledge's language. */
import { html, raw } from 'hono/html';
import { escapeToBuffer } from 'hono/utils/html';
import { EMAIL_STRINGS } from '../../src/i18n/email.ts';
import { pickLang, STRINGS } from '../../src/i18n/index.ts';
import { takeMailboxQuotas } from './abuse.ts';
import { applyNextDetails } from './store.ts';
import type { Lang, Role } from '../../src/pledge-fields.ts';
import { contentLanguage, type Composer, type EmailKinds, type OutboxRow, type OutgoingEmail, type Skip } from '../platform/outbox/kinds.ts';
import { makeToken } from '../platform/tokens.ts';
import { yieldToEventLoop } from '../platform/outbox/send-outbox.ts';
import { suppressedAmong } from '../updates/consent.ts';
import { stepsForEmail } from '../resources/emails.ts';
import { actionsUrl, preferencesUrl, recommitUrl, withdrawUrl } from '../resources/links.ts';
import { RESOURCE_STRINGS } from '../resources/strings.ts';
import { ACTIVE_DAYS, nextSteps } from '../resources/queries.ts';
import { EMAIL_BUTTON, EMAIL_CARD, EMAIL_HEAD, quoted } from '../platform/outbox/email-style.ts';
import { withEnglishNames } from '../platform/pages/english-names.ts';

export type { OutgoingEmail } from '../platform/outbox/kinds.ts';

/**
 * What an email is made of. No name: until its owner confirms, a pledge's name is whatever
 * anyone typed, and the coalition's emails must never carry a stranger's text to an inbox.
 */
export interface EmailFacts {
  kind: 'confirm' | 'already';
  email: string;
  lang: Lang;
  /** Whether they asked to be kept informed: only then does the email promise updates. */
  updates: boolean;
  /** The short name of the society the pledge was made through (its partner id in capitals): the footer says why this address gets it. */
  society?: string;
  /** Made on the coalition's own pledge page (with `society`), not on the society's site: the footer says so. */
  hosted?: boolean;
  /**
   * Sent for a repeated pledge (the confirmation again, or "already pledged"): the stored choice
   * about updates is told as a fact of the address, never as "you did not ask", which the
   * repeat's own ticked box may contradict.
   */
  repeat?: boolean;
  confirmUrl: string;
  withdrawUrl: string;
  /** The role's next steps, shown after the confirm button. */
  steps?: ReturnType<typeof stepsForEmail>;
  /**
   * The signed "Tell us what you did" link (`/actions`), which every email after the confirmation
   * carries: so the "already pledged" note, which only a confirmed pledge gets.
   */
  actionsUrl?: string;
  /** Their email preferences (`/preferences`): where to turn updates on later, or off before the first one. */
  preferencesUrl?: string;
  /**
   * The signed renewal link (`/recommit`), for an "already pledged" note to a pledge that has lapsed
   * (neither made nor renewed in the last year): pledging again is how someone whose renewal
   * email's link has expired finds a new one, so the note offers it instead of "nothing more to do".
   */
  recommitUrl?: string;
}

export async function composeEmail(facts: EmailFacts): Promise<OutgoingEmail> {
  const e = EMAIL_STRINGS[facts.lang];
  const commitment = STRINGS[facts.lang].commitmentText;
  const confirm = facts.kind === 'confirm';
  const r = RESOURCE_STRINGS[facts.lang];
  const notInformed = confirm && !facts.repeat ? e.notInformed : e.alreadyNotInformed;

  const text = [
    e.salutation,
    '',
    ...(confirm
      ? [e.confirmIntro, '', quoted(commitment, facts.lang), '', e.confirmAction, facts.confirmUrl]
      : facts.recommitUrl
        ? [r.alreadyLapsed, `${r.recommitButton}: ${facts.recommitUrl}`, '', r.alreadyChange]
        : [e.alreadyIntro]),
    ...(facts.steps?.text ?? []),
    ...(facts.actionsUrl ? ['', RESOURCE_STRINGS[facts.lang].tellUsIntro, `${RESOURCE_STRINGS[facts.lang].tellUs}: ${facts.actionsUrl}`] : []),
    '',
    facts.updates ? e.keepInformed : notInformed,
    ...(facts.preferencesUrl ? [facts.updates ? e.optOutLater : e.optInLater, facts.preferencesUrl] : []),
    '',
    e.withdrawAction,
    facts.withdrawUrl,
    '',
    e.signature,
    '',
    e.sentTo(facts.email, facts.society, facts.hosted),
  ].join('\n');

  // Every interpolation below is escaped by hono/html.
  const body = await html`<!doctype html>
<html lang="${facts.lang}" dir="ltr">
  <head><meta charset="utf-8"><meta name="viewport" content="width=device-width">${raw(EMAIL_HEAD)}<title>${confirm ? e.confirmSubject : e.alreadySubject}</title></head>
  <body style="margin:0;padding:24px;background:#f3f5f8;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b1f24">
    <main style="${EMAIL_CARD}" class="card">
      <h1 style="font-size:22px;line-height:1.3;margin:0 0 16px">${confirm ? e.confirmSubject : e.alreadySubject}</h1>
      <p>${e.salutation}</p>
      ${confirm
        ? html`<p>${withEnglishNames(e.confirmIntro, facts.lang)}</p>
          <blockquote style="margin:0 0 16px;padding-left:16px;border-left:5px solid #1f4e8c;font-weight:600">${commitment}</blockquote>
          <p>${e.confirmAction}</p>
          <p><a href="${facts.confirmUrl}" style="${EMAIL_BUTTON}" class="button">${e.confirmButton}</a></p>`
        : facts.recommitUrl
          ? html`<p>${r.alreadyLapsed}</p>
            <p><a href="${facts.recommitUrl}" style="${EMAIL_BUTTON}" class="button">${r.recommitButton}</a></p>
            <p>${r.alreadyChange}</p>`
          : html`<p>${e.alreadyIntro}</p>`}
      ${facts.steps?.html ?? ''}
      ${facts.actionsUrl
        ? html`<p>${RESOURCE_STRINGS[facts.lang].tellUsIntro} <a href="${facts.actionsUrl}" style="color:#1f4e8c;font-weight:700">${RESOURCE_STRINGS[facts.lang].tellUs}</a></p>`
        : ''}
      <p>${facts.updates ? e.keepInformed : notInformed}${facts.preferencesUrl
        ? html` ${facts.updates ? e.optOutLater : e.optInLater} <a href="${facts.preferencesUrl}" style="color:#1f4e8c">${e.optInLink}</a>`
        : ''}</p>
      <p>${e.withdrawAction} <a href="${facts.withdrawUrl}" style="color:#1f4e8c">${e.withdrawLink}</a></p>
      <p>${withEnglishNames(e.signature, facts.lang)}</p>
      <p style="font-size:14px;color:#4a5360" class="muted">${withEnglishNames(e.sentTo(facts.email, facts.society, facts.hosted), facts.lang, facts.society ? [facts.society] : [])}</p>
    </main>
  </body>
</html>`;

  return { to: facts.email, subject: confirm ? e.confirmSubject : e.alreadySubject, text, html: raw(body).toString(), headers: contentLanguage(facts.lang) };
}

/** Stand-ins for what differs between two emails of one kind, language, choice and role's steps. */
const SLOT = { confirmUrl: '\uE000c', withdrawUrl: '\uE000w', email: '\uE000e', actionsUrl: '\uE000a', preferencesUrl: '\uE000p', recommitUrl: '\uE000r' } as const;

/** Any of the stand-ins. */
const SLOTS = new RegExp(Object.values(SLOT).join('|'), 'g');

/** Composed emails with stand-ins (see `composeFromTemplate`), per kind, language, choice and steps. */
const templates = new Map<string, Promise<OutgoingEmail>>();

/**
 * The steps as they go into a template's key (their text, as JSON), written once per steps object: a
 * batch's emails share one per role and language (`composeManyForPledges`), so a batch of 50 writes it
 * once or twice, not 50 times.
 */
const stepsKeys = new WeakMap<object, string>();
function stepsKey(steps: EmailFacts['steps']): string {
  if (!steps) return 'null';
  let key = stepsKeys.get(steps);
  if (key === undefined) stepsKeys.set(steps, (key = JSON.stringify(steps)));
  return key;
}

const escapeHtml = (value: string): string => {
  const buffer: [string] = [''];
  escapeToBuffer(value, buffer);
  return buffer[0];
};

/**
 * The same email as `composeEmail`, for a fraction of its cost: a batch's confirmations differ only
 * in their address and two links, so each kind, language, choice and role's steps is composed once
 * per isolate with stand-ins, and each email fills them in (escaped for the HTML part, as
 * hono/html escapes them). Composing every email from scratch was 28 % of the Worker's samples
 * under load (issue 15). The steps' text is part of the key, so an edited resource is never stale.
 */
export async function composeFromTemplate(facts: EmailFacts): Promise<OutgoingEmail> {
  const key = JSON.stringify([facts.kind, facts.lang, facts.society ?? null, Boolean(facts.hosted), facts.updates, Boolean(facts.repeat), Boolean(facts.actionsUrl), Boolean(facts.preferencesUrl), Boolean(facts.recommitUrl)]) + stepsKey(facts.steps);
  let template = templates.get(key);
  if (!template) {
    if (templates.size >= 128) templates.clear();
    template = composeEmail({
      ...facts,
      ...SLOT,
      actionsUrl: facts.actionsUrl ? SLOT.actionsUrl : undefined,
      preferencesUrl: facts.preferencesUrl ? SLOT.preferencesUrl : undefined,
      recommitUrl: facts.recommitUrl ? SLOT.recommitUrl : undefined,
    });
    templates.set(key, template);
  }
  const { subject, text, html: body, headers } = await template;
  const values: Record<string, string> = {
    [SLOT.confirmUrl]: facts.confirmUrl,
    [SLOT.withdrawUrl]: facts.withdrawUrl,
    [SLOT.actionsUrl]: facts.actionsUrl ?? '',
    [SLOT.preferencesUrl]: facts.preferencesUrl ?? '',
    [SLOT.recommitUrl]: facts.recommitUrl ?? '',
    [SLOT.email]: facts.email,
  };
  // One pass over each part (five replaceAll passes made five copies of the whole HTML per email).
  const escaped: Record<string, string> = {};
  const html = body.replace(SLOTS, (slot) => (escaped[slot] ??= escapeHtml(values[slot]!)));
  return { to: facts.email, subject, text: text.replace(SLOTS, (slot) => values[slot]!), html, ...(headers ? { headers: { ...headers } } : {}) };
}

interface PledgeForEmail {
  id: string;
  email: string;
  partner_id: string;
  hosted: number;
  role: Role;
  lang: string;
  status: string;
  updates: number;
  /** When the newer details waiting for this pledge's confirmation were sent (null: none wait): see `applyNextDetails`. */
  newer: string | null;
  /** What of those details its email is composed from. */
  next_role: Role | null;
  next_lang: string | null;
  next_updates: number | null;
  /** 1: confirmed, and neither confirmed nor renewed within the last year (see `activeCounts`). */
  lapsed: number;
}

/**
 * The pledge's own email, from its row as read at send time, with its role's next steps; or
 * `skip`, decided for the whole batch (a suppressed address, a mailbox whose three
 * emails are used).
 */
async function composeFromPledge(
  env: Env,
  row: OutboxRow,
  pledge: PledgeForEmail | undefined,
  skip: Skip | null,
  stepsFor: (role: Role, lang: Lang) => Promise<ReturnType<typeof stepsForEmail>>,
): Promise<OutgoingEmail | Skip> {
  if (!pledge || pledge.status === 'withdrawn') return { skip: 'withdrawn' };
  if (skip) return skip;
  const origin = env.PUBLIC_ORIGIN.replace(/\/$/, '');
  const lang = pickLang(pledge.lang);
  const already = row.kind === 'already';
  return composeFromTemplate({
    kind: already ? 'already' : 'confirm',
    email: pledge.email,
    lang,
    society: pledge.partner_id.toUpperCase(),
    hosted: pledge.hosted === 1,
    updates: pledge.updates === 1,
    repeat: row.id.startsWith('repeat:'),
    confirmUrl: `${origin}/confirm?lang=${lang}&t=${await makeToken(env, pledge.id, 'confirm')}`,
    withdrawUrl: await withdrawUrl(env, pledge.id, lang),
    steps: await stepsFor(pledge.role, lang),
    ...(already ? { actionsUrl: await actionsUrl(env, pledge.id, lang) } : {}),
    ...(already && pledge.lapsed === 1 ? { recommitUrl: await recommitUrl(env, pledge.id, lang) } : {}),
    preferencesUrl: await preferencesUrl(env, pledge.id, lang),
  });
}

/** Emails composed between two yields to the event loop. */
const COMPOSE_SLICE = 10;

/**
 * The pledges' emails for a batch of outbox rows, in a fixed number of queries whatever its size:
 * one for all of their pledges, one for the suppression list, one round trip for the mailboxes'
 * quotas, and the next steps read once per role and language in the batch.
 *
 * A hard-bounced or complaining address gets no further email of any kind. A row's first
 * attempt that reaches the count takes one of its mailbox's three emails (see `takeMailboxQuotas`,
 * which marks the row `counted`), in the order the queue delivered the rows; a retry of the same row
 * has its place already, so redelivery and retries never count twice.
 */
async function composeManyForPledges(env: Env, rows: OutboxRow[]): Promise<(OutgoingEmail | Skip)[]> {
  const read = (ids: readonly (string | null)[]) =>
    env.DB.prepare(
      `SELECT id, email, partner_id, hosted, role, lang, status, updates, next_details ->> 'received_at' AS newer, next_details ->> 'role' AS next_role,
         next_details ->> 'lang' AS next_lang, next_details ->> 'updates' AS next_updates,
         status = 'confirmed' AND max(confirmed_at, coalesce(recommitted_at, '')) < ?2 AS lapsed
       FROM pledges WHERE id IN (SELECT value FROM json_each(?1))`,
    )
      .bind(JSON.stringify(ids), new Date(Date.now() - ACTIVE_DAYS * 86_400_000).toISOString())
      .all<PledgeForEmail>();
  const { results } = await read(rows.map((r) => r.pledge_id));
  const byId = new Map(results.map((p) => [p.id, p]));
  const pledges = rows.map((r) => (r.pledge_id ? byId.get(r.pledge_id) : undefined));
  const live = (p: PledgeForEmail | undefined): p is PledgeForEmail => Boolean(p && p.status !== 'withdrawn');
  const suppressed = await suppressedAmong(env, [...new Set(pledges.filter(live).map((p) => p.email))]);
  const skips: (Skip | null)[] = pledges.map((p) => (live(p) && suppressed.has(p.email) ? { skip: 'suppressed' } : null));
  const firsts = rows.flatMap((r, i) => (live(pledges[i]) && !skips[i] && !r.counted ? [i] : []));
  const quotas = await takeMailboxQuotas(
    env,
    firsts.map((i) => pledges[i]!.email),
    undefined,
    firsts.map((i) => rows[i]!),
  );
  firsts.forEach((i, k) => quotas[k] || (skips[i] = { skip: 'mailbox_cap' }));

  // Newer details waiting for a confirmation (store.ts, replaceWaiting) become the pledge's once the
  // confirmation composed from them is handed over (`afterSent`: with its mark as sent): its link, and the
  // ones sent before it, then confirm them. A confirmation that does not go (capped, suppressed) drops
  // them, and one that fails or is given up on leaves them unapplied, so the links already in the owner's
  // mailbox still confirm what they were sent for, never what a stranger typed since. A row in doubt
  // (handed over before, outcome unknown) does neither: whether it goes again is only known as it is
  // sent (a provider may drop it as a repeat, or its time to be tried again may be over), so it goes
  // with the details as they are, and leaves the newer ones to the repeat's own row (store.ts makes one
  // when the row before it is in doubt). Only the details read here are applied or dropped: newer ones
  // stored meanwhile wait for their own email.
  const carries = rows.map((r, i) => {
    const p = pledges[i];
    return r.kind === 'confirm' && !r.in_doubt_since && live(p) && p.status === 'pending' && p.newer ? p : undefined;
  });
  const applying = new Set(carries.flatMap((p, i) => (p && !skips[i] ? [p.id] : [])));
  // (A pledge with a row that goes and one that does not: the one that goes carries the details.)
  const dropping = carries.flatMap((p, i) => (p && skips[i] && !applying.has(p.id) ? [{ id: p.id, at: p.newer }] : []));
  if (dropping.length) {
    await env.DB.prepare(
      `UPDATE pledges SET next_details = NULL FROM json_each(?) AS j
       WHERE pledges.id = j.value ->> 'id' AND +pledges.status = 'pending' AND pledges.next_details ->> 'received_at' = j.value ->> 'at'`,
      // (+status: look each pledge up by id; the status index would walk every pending pledge)
    )
      .bind(JSON.stringify(dropping))
      .run();
  }

  // Read, and written for the email, once per role and language in the batch.
  const steps = new Map<string, Promise<ReturnType<typeof stepsForEmail>>>();
  const stepsFor = (role: Role, lang: Lang) => {
    const key = `${role}:${lang}`;
    if (!steps.has(key)) steps.set(key, nextSteps(env.DB, role, lang).then((resources) => stepsForEmail(lang, resources)));
    return steps.get(key)!;
  };
  // One at a time, giving the event loop back every few emails: composing is all CPU (templates, and HMACs
  // whose promises are ready at once), so hundreds in one go would hold every other request (see yieldToEventLoop).
  const emails: (OutgoingEmail | Skip)[] = [];
  for (const [i, row] of rows.entries()) {
    if (i && i % COMPOSE_SLICE === 0) await yieldToEventLoop();
    const p = carries[i];
    if (p && !skips[i]) {
      // Composed from the details it carries (their language, role and updates choice), applied once it is handed over.
      const next = { ...p, role: p.next_role ?? p.role, lang: p.next_lang ?? p.lang, updates: p.next_updates ?? p.updates };
      const email = await composeFromPledge(env, row, next, null, stepsFor);
      emails.push('skip' in email ? email : { ...email, afterSent: applyNextDetails(env.DB, [{ id: p.id, at: p.newer! }]) });
    } else emails.push(await composeFromPledge(env, row, pledges[i], skips[i] ?? null, stepsFor));
  }
  return emails;
}

const composeForPledge: Composer = Object.assign(
  async (env: Env, row: OutboxRow) => (await composeManyForPledges(env, [row]))[0]!,
  { many: composeManyForPledges },
);

export const PLEDGE_EMAILS: EmailKinds = { confirm: composeForPledge, already: composeForPledge };
