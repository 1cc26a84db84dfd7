/**
 * The organization's emails, composed from its row when the outbox sends them: the contact's
 * confirmation link (`org-confirm`), the news of approval (`org-approved`) or, to a contact who
 * confirmed, of a decline (`org-declined`), and, when an approved
 * organization's contact asks to join again, that it already has (`org-member`); a maintainer's review
 * of its change request (`org-change-approved`, `org-change-declined`), and the changes its contact
 * applied themselves through `/join/change` (`org-changed`). Each carries
 * the withdrawal link. Plain text and accessible HTML; every interpolation is escaped.
 */
import { html, raw } from 'hono/html';
import { pickLang } from '../../src/i18n/index.ts';
import { contentLanguage, type EmailKinds, type OutboxRow, type OutgoingEmail, type Skip } from '../platform/outbox/kinds.ts';
import { formatDay } from '../platform/pages/locale.ts';
import { makeToken } from '../platform/tokens.ts';
import { isSuppressed } from '../updates/consent.ts';
import { ORG_CONFIRMS_PER_MAILBOX, ORG_VERIFIED_CONFIRMS_PER_MAILBOX, takeMailboxQuotas } from '../pledges/abuse.ts';
import { answerLabel, answerShown } from './pages.ts';
import { answersNotApplied, answersSelfApplied, appliedAnswers, countedThrough, type DigestedAnswer, DECLINED_ORG_RETENTION_DAYS, findOrganization, settleMemberLang, settleNextAnswers, type OrganizationRow } from './queries.ts';
import { ORG_STRINGS } from './strings.ts';
import { EMAIL_BUTTON, EMAIL_CARD, EMAIL_HEAD, quoted } from '../platform/outbox/email-style.ts';
import { withEnglishNames } from '../platform/pages/english-names.ts';


async function composeForOrganization(env: Env, row: OutboxRow): Promise<OutgoingEmail | Skip> {
  const org = row.ref ? await findOrganization(env.DB, row.ref) : null;
  const next = org?.next_answers ? (JSON.parse(org.next_answers) as { received_at: string; lang?: string; unsent?: boolean }) : null;
  const confirming = row.kind === 'org-confirm' && org?.status === 'unconfirmed';
  // "Already a member" (or, awaiting review, answers not applied): for the newer answers, unless they came past its cap (no email went for them).
  const member = row.kind === 'org-member' && (org?.status === 'approved' || org?.status === 'pending') && !next?.unsent;
  const waiting = next && !row.in_doubt_since && (confirming || member) ? next.received_at : null;
  // Written in the language of the request it goes for (its contact's latest), which becomes the
  // request's only once it is handed over, as below: one that cannot go leaves the language as it was.
  const outcome = await composeFromRow(env, row, waiting && next!.lang ? { ...org!, lang: next!.lang } : org);
  if (waiting && member) return 'skip' in outcome ? outcome : { ...outcome, afterSent: [settleMemberLang(env.DB, org!.id, waiting)] };
  // Newer answers waiting for a confirmation (queries.ts, storeOrganization) become the request's once
  // the confirmation sent for them is handed over (`afterSent`: with its mark as sent), and are dropped
  // when it cannot go (suppressed, the mailbox's confirmations used): the links already in the contact's
  // mailbox confirm what they were sent for, never what a stranger typed since. One that fails or is
  // given up on leaves them waiting, unapplied. A retry whose outcome before is unknown does neither;
  // the new email storeOrganization queues for them does.
  if (waiting) {
    if (!('skip' in outcome)) return { ...outcome, afterSent: [settleNextAnswers(env.DB, org!.id, waiting, true)] };
    if (outcome.skip === 'suppressed' || outcome.skip === 'mailbox_cap') await settleNextAnswers(env.DB, org!.id, waiting, false).run();
  }
  return outcome;
}

async function composeFromRow(env: Env, row: OutboxRow, org: OrganizationRow | null): Promise<OutgoingEmail | Skip> {
  if (!org || org.status === 'withdrawn' || !org.contact_email || !org.contact_name) return { skip: 'withdrawn' };
  const confirm = row.kind === 'org-confirm';
  const declined = row.kind === 'org-declined';
  if (confirm && org.status !== 'unconfirmed') return { skip: 'already_confirmed' };
  if (declined && (org.status !== 'declined' || !org.confirmed_at)) return { skip: 'not_declined' };
  // "Already a member", or to a contact whose confirmed request awaits review, that a new request's other answers were not applied.
  const inReview = row.kind === 'org-member' && org.status === 'pending';
  if (!confirm && !declined && org.status !== 'approved' && !inReview) return { skip: 'not_approved' };
  // A contact address that bounced hard or complained gets nothing more, as a pledger's does.
  if (await isSuppressed(env, org.contact_email)) return { skip: 'suppressed' };
  // A confirmation's first attempt to get this far takes one of its mailbox's ORG_CONFIRMS_PER_MAILBOX confirmations (the row is
  // then `counted`: a retry has its place already, while one whose attempt failed above was never counted, and is now).
  // A request from the organization's own domain draws on a count of its own (ORG_VERIFIED_CONFIRMS_PER_MAILBOX).
  if (confirm && !row.counted) {
    const [allowed] = await takeMailboxQuotas(
      env,
      [org.contact_email],
      org.domain_verified === 1 ? { prefix: 'org-own:', max: ORG_VERIFIED_CONFIRMS_PER_MAILBOX } : { prefix: 'org:', max: ORG_CONFIRMS_PER_MAILBOX },
      [row],
    );
    if (!allowed) return { skip: 'mailbox_cap' };
  }

  const lang = pickLang(org.lang);
  const s = ORG_STRINGS[lang];
  const origin = env.PUBLIC_ORIGIN.replace(/\/$/, '');
  const withdrawUrl = `${origin}/join/withdraw?lang=${lang}&t=${await makeToken(env, org.id, 'org-withdraw')}`;
  const confirmUrl = confirm ? `${origin}/join/confirm?lang=${lang}&t=${await makeToken(env, org.id, 'org-confirm')}` : '';
  const listUrl = `${origin}/organizations?lang=${lang}`;
  // Before a decision, the confirmation's link withdraws a request (nothing has joined); after approval, the organization.
  // Until the contact confirms, an email carries nothing the request typed (names can be a phisher's
  // text): the confirmation, and an approval a maintainer gave before the contact confirmed.
  const named = !confirm && Boolean(org.confirmed_at);
  const member = row.kind === 'org-member';
  // A maintainer's review of the contact's change request (its id ends with when it was asked).
  const change = row.kind === 'org-change-approved' ? 'approved' : row.kind === 'org-change-declined' ? 'declined' : null;
  // The changes the contact applied themselves through `/join/change` (its id names which), as they now read.
  const applied = row.kind === 'org-changed' ? appliedAnswers(row.id).map((a) => [a, answerLabel(lang, a), answerShown(lang, a, org[a])] as const) : null;
  const askedDay = formatDay(row.id.split(':').slice(2).join(':') || org.created_at, lang, 'long');
  // The list shows the new details only when it lists this organization by name: listed, and not counted through an earlier request.
  const changeIntro =
    change === 'approved'
      ? s.changeApprovedIntro(org.name, org.list_publicly === 1 && !(await countedThrough(env.DB, org.id)))
      : change
        ? s.changeDeclinedIntro(org.name, askedDay)
        : '';
  const subject = applied
    ? s.changedSubject(org.name)
    : change
    ? change === 'approved' ? s.changeApprovedSubject(org.name) : s.changeDeclinedSubject(org.name)
    : confirm
    ? s.confirmSubject
    : declined
      ? s.declinedSubject(org.name)
      : inReview
      ? s.pendingSubject(org.name)
      : member
      ? named ? s.memberSubject(org.name) : s.memberSubjectUnconfirmed
      : named ? s.approvedSubject(org.name) : s.approvedSubjectUnconfirmed;
  // Greeted by name only once the contact has confirmed: for an organization approved before its contact confirmed,
  // the name on record was typed by whoever filled in the form, and nobody has shown it is that mailbox's owner's
  // ("Hello," until then). Pressing `/join/change`'s button confirms, as the confirmation link's does: its page names them.
  const salutation = named ? s.greeting(org.contact_name) : s.salutation;
  // Counted (and listed or not) through an earlier approved request from the same website, when there is one:
  // the public list follows that one, so what this one asks would change nothing the public sees (said so).
  const through = confirm || declined || inReview || change ? null : await countedThrough(env.DB, org.id);
  // Asked again with other answers (a correction, meant or not): which were not applied, and how to change them.
  // Those that make nothing more public the contact may apply themselves, by the `/join/change` link;
  // the others (what the public list shows, or listing it again) are not applied, as before.
  const asked = member ? answersNotApplied(org) : [];
  const selfApplied = member ? answersSelfApplied(org) : [];
  const unapplied = asked.filter((a) => !selfApplied.includes(a));
  const listOf = (answers: readonly DigestedAnswer[]) => new Intl.ListFormat(lang, { type: 'conjunction' }).format(answers.map((a) => s.answerNames[a]));
  const changed = unapplied.length
    ? inReview ? s.pendingChanged(listOf(unapplied)) : through ? s.memberChangedThrough(listOf(unapplied)) : s.memberChanged(listOf(unapplied))
    : null;
  const applyNote = selfApplied.length ? s.memberApply(listOf(selfApplied)) : null;
  // The link applies those, and asks for the others (a change request a maintainer reviews), from the same page.
  const changeLink = Boolean(applyNote) || (changed !== null && !inReview);
  const changeUrl = changeLink ? `${origin}/join/change?lang=${lang}&t=${await makeToken(env, org.id, 'org-change')}` : '';
  const changeLabel = applyNote ? s.memberApplyLink : s.memberReviewLink;
  const approvedDay = formatDay(org.decided_at ?? org.created_at, lang, 'long');
  const approvedIntro = inReview
    ? s.pendingIntro(org.name)
    : member
    ? named
      ? asked.length ? s.memberIntroChanged(org.name, approvedDay) : s.memberIntro(org.name, approvedDay)
      : asked.length ? s.memberIntroUnconfirmedChanged : s.memberIntroUnconfirmed
    : named ? s.approvedIntro(org.name) : s.approvedIntroUnconfirmed;
  const verified = org.domain_verified === 1;
  // Its listing line only when the listing was among them; a note when the same press asked for a review too.
  const appliedListing = applied?.some(([a]) => a === 'list_publicly') ?? false;
  const reviewWaits = Boolean(applied && org.change_asked);
  const listed = (through ?? org).list_publicly === 1;
  const listing = through
    ? listed ? s.approvedJoinedListed : s.approvedJoinedUnlisted
    : listed ? s.approvedListed : named ? s.approvedUnlisted : s.approvedUnlistedUnconfirmed;

  const text = [
    salutation,
    '',
    ...(confirm
      ? [s.confirmIntro, '', quoted(s.commitmentText, lang), '', s.confirmAction, confirmUrl, '', verified ? s.confirmVerified : s.confirmUnverified]
      : declined
        ? [s.declinedIntro(org.name), '', s.declinedErasure(DECLINED_ORG_RETENTION_DAYS)]
        : applied
          ? [s.changedIntro(org.name), '', ...applied.map(([, label, value]) => `${label}: ${value}`), ...(appliedListing ? ['', listing] : []), ...(reviewWaits ? ['', s.changedReviewWaits] : []), '', `${s.listHeading}: ${listUrl}`]
        : change
          ? [changeIntro, '', `${s.listHeading}: ${listUrl}`]
          : [approvedIntro, ...(changed ? ['', changed] : []), ...(changeLink ? ['', applyNote ?? `${changeLabel}:`, changeUrl] : []), ...(inReview ? [] : ['', listing, `${s.listHeading}: ${listUrl}`])]), // the link named as the HTML part names it
    '',
    declined ? s.declinedEraseAction : confirm || inReview ? s.withdrawRequestAction : s.withdrawAction,
    withdrawUrl,
    '',
    s.signature,
    '',
    s.sentTo(org.contact_email),
  ].join('\n');

  const body = await html`<!doctype html>
<html lang="${lang}" dir="ltr">
  <head><meta charset="utf-8"><meta name="viewport" content="width=device-width">${raw(EMAIL_HEAD)}<title>${subject}</title></head>
  <body style="margin:0;padding:24px;background:#f3f5f8;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b1f24">
    <main style="${EMAIL_CARD}" class="card">
      <h1 style="font-size:22px;line-height:1.3;margin:0 0 16px">${withEnglishNames(subject, lang)}</h1>
      <p>${salutation}</p>
      ${confirm
        ? html`<p>${withEnglishNames(s.confirmIntro, lang)}</p>
          <blockquote style="margin:0 0 16px;padding-left:16px;border-left:5px solid #1f4e8c;font-weight:600">${s.commitmentText}</blockquote>
          <p>${s.confirmAction}</p>
          <p><a href="${confirmUrl}" style="${EMAIL_BUTTON}" class="button">${s.confirmButton}</a></p>
          <p>${verified ? s.confirmVerified : s.confirmUnverified}</p>`
        : declined
          ? html`<p>${withEnglishNames(s.declinedIntro(org.name), lang)}</p>
            <p>${s.declinedErasure(DECLINED_ORG_RETENTION_DAYS)}</p>`
          : applied
          ? html`<p>${withEnglishNames(s.changedIntro(org.name), lang)}</p>
            <ul>${applied.map(([, label, value]) => html`<li>${label}: ${value}</li>`)}</ul>
            ${appliedListing ? html`<p>${listing}</p>` : ''}
            ${reviewWaits ? html`<p>${s.changedReviewWaits}</p>` : ''}
            <p><a href="${listUrl}" style="color:#1f4e8c">${s.listHeading}</a></p>`
          : change
          ? html`<p>${withEnglishNames(changeIntro, lang)}</p>
            <p><a href="${listUrl}" style="color:#1f4e8c">${s.listHeading}</a></p>`
          : html`<p>${withEnglishNames(approvedIntro, lang)}</p>
            ${changed ? html`<p>${changed}</p>` : ''}
            ${applyNote ? html`<p>${applyNote}</p>` : ''}
            ${changeLink ? html`<p><a href="${changeUrl}" style="${EMAIL_BUTTON}" class="button">${changeLabel}</a></p>` : ''}
            ${inReview ? '' : html`<p>${listing} <a href="${listUrl}" style="color:#1f4e8c">${s.listHeading}</a></p>`}`}
      <p>${declined ? s.declinedEraseAction : confirm || inReview ? s.withdrawRequestAction : s.withdrawAction} <a href="${withdrawUrl}" style="color:#1f4e8c">${declined ? s.declinedEraseLink : confirm || inReview ? s.withdrawRequestLink : s.withdrawLink}</a></p>
      <p>${withEnglishNames(s.signature, lang)}</p>
      <p style="font-size:14px;color:#4a5360" class="muted">${s.sentTo(org.contact_email)}</p>
    </main>
  </body>
</html>`;

  return { to: org.contact_email, subject, text, html: raw(body).toString(), headers: contentLanguage(lang) };
}

/** The organizations' email kinds, for EMAIL_KINDS in worker/index.ts. */
export const ORGANIZATION_EMAILS: EmailKinds = {
  'org-confirm': composeForOrganization,
  'org-approved': composeForOrganization,
  'org-member': composeForOrganization,
  'org-declined': composeForOrganization,
  'org-change-approved': composeForOrganization,
  'org-change-declined': composeForOrganization,
  'org-changed': composeForOrganization,
};
