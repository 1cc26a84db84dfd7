import { Hono, type Context } from 'hono';
import { confirmPledge, pledgeForLink, withdrawPledge } from './status.ts';
import { mailboxKey } from './abuse.ts';
import { linkFormPage, linkOutcomePage, type LinkOutcome } from '../platform/pages/link-page.ts';
import { securePage } from '../platform/pages/secure-page.ts';
import { linkOutcomeSwitchHref, otherLangHref } from '../platform/pages/lang-switch.ts';
import { checkPledgeToken, type PledgeLinkAction } from './link-token.ts';
import { askedLang, linkLang } from '../platform/accept-language.ts';
import { readForm } from '../platform/body.ts';
import { afterConfirmation } from '../resources/after-confirmation.ts';
import { preferencesUrl } from '../resources/links.ts';
import { STRINGS } from '../../src/i18n/index.ts';
import type { Role } from '../../src/pledge-fields.ts';
import { regionName } from '../../src/regions.ts';
import { PAGE_STRINGS } from './strings.ts';

/**
 * The email's links. GET shows a page with a button and changes nothing (mail scanners open
 * links); only the POST from that button confirms or withdraws.
 */
export const pledgeLinks = new Hono<{ Bindings: Env }>();

function render(c: Context<{ Bindings: Env }>, fn: (nonce: string) => ReturnType<typeof linkFormPage>, status: 200 | 400 | 410 = 200) {
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  return c.html(fn(nonce), status);
}

for (const action of ['confirm', 'withdraw'] as PledgeLinkAction[]) {
  pledgeLinks.get(`/${action}`, async (c) => {
    const asked = askedLang(c.req.query('lang'));
    const accept = c.req.header('Accept-Language');
    const token = c.req.query('t') ?? '';
    const check = await checkPledgeToken(c.env, token, action, c.req.url);
    // Every page a GET shows offers the other language.
    if (!check.ok) {
      const lang = linkLang(asked, undefined, accept);
      return render(c, (n) => linkOutcomePage(lang, check.reason, n, '', action, otherLangHref(c.req.url, lang)), check.reason === 'expired' ? 410 : 400);
    }
    // Withdrawn already: say so (reading changes nothing), rather than offer a button that cannot work.
    const pledge = await pledgeForLink(c.env.DB, check.pledgeId);
    const lang = linkLang(asked, pledge, accept);
    const switchHref = otherLangHref(c.req.url, lang);
    const status = pledge?.status;
    if (status === 'withdrawn') {
      return render(c, (n) => linkOutcomePage(lang, action === 'confirm' ? 'was-withdrawn' : 'withdrawn', n, '', action, switchHref, pledge?.partner));
    }
    // Erased, 30 days unconfirmed: the link has expired (not a button that would only say so).
    if (status === undefined && action === 'confirm') return render(c, (n) => linkOutcomePage(lang, 'expired', n, '', action, switchHref), 410);
    // Nothing left to withdraw (erased unconfirmed, or never stored): say so, as its POST does, not a button.
    if (status === undefined) return render(c, (n) => linkOutcomePage(lang, 'gone', n, '', action, switchHref));
    // Confirmed already (the link opened again): the same, with what comes after a confirmation.
    if (status === 'confirmed' && action === 'confirm') {
      const after = await afterConfirmation(c.env, check.pledgeId, lang);
      return render(c, (n) => linkOutcomePage(lang, 'already-confirmed', n, after, action, switchHref));
    }
    // What the confirmation confirms, as stored now (store.ts gives a pending pledge the details of
    // a repeated one): the society, the role, the name and organization as entered (only the
    // mailbox's owner reaches this page, and they should see whose details they confirm: someone
    // else may have typed them), where from, and whether updates were asked for.
    const p = PAGE_STRINGS[lang];
    const confirming = action === 'confirm' && pledge
      ? {
          society: pledge.society,
          role: STRINGS[lang].roles[pledge.role as Role] ?? pledge.role,
          more: [
            ...(pledge.name ? [[STRINGS[lang].nameLabel, pledge.name] as [string, string]] : []),
            ...(pledge.organization ? [[STRINGS[lang].organizationLabel, pledge.organization] as [string, string]] : []),
            ...(pledge.region ? [[STRINGS[lang].regionLegend, regionName(pledge.region, lang)] as [string, string]] : []),
            [p.confirmUpdates, pledge.updates ? p.yes : p.no] as [string, string],
          ],
        }
      : undefined;
    const preferences = action === 'withdraw' ? await preferencesUrl(c.env, check.pledgeId, lang) : undefined;
    return render(c, (n) => linkFormPage(lang, action, token, n, switchHref, confirming, preferences, status === 'pending'));
  });

  pledgeLinks.post(`/${action}`, async (c) => {
    const form = (await readForm(c)) ?? {};
    const asked = askedLang(form.lang, c.req.query('lang')); // its form's `lang`, else the link's `?lang=` (as /actions, /recommit)
    const accept = c.req.header('Accept-Language');
    const token = typeof form.t === 'string' ? form.t : '';
    const check = await checkPledgeToken(c.env, token, action, c.req.url);
    // The outcome in the other language: "already confirmed" with what follows, or "withdrawn"; for
    // a link that does not work or has expired, its own page, which says so in that language.
    if (!check.ok) {
      const lang = linkLang(asked, undefined, accept);
      return render(c, (n) => linkOutcomePage(lang, check.reason, n, '', action, linkOutcomeSwitchHref(c.req.url, `/${action}`, token, lang)), check.reason === 'expired' ? 410 : 400);
    }
    // The pledge as it was before this POST: its language, and the society its withdrawn page links back to.
    const before = await pledgeForLink(c.env.DB, check.pledgeId);
    const lang = linkLang(asked, before, accept);
    const switchHref = linkOutcomeSwitchHref(c.req.url, `/${action}`, token, lang);
    let outcome: LinkOutcome;
    if (action === 'confirm') {
      const result = await confirmPledge(c.env.DB, check.pledgeId);
      // Withdrawn by its person: say so. Gone: erased after 30 days unconfirmed, so the link has expired.
      outcome = result === 'gone' ? 'expired' : result === 'withdrawn' ? 'was-withdrawn' : result;
    } else {
      const current = await c.env.DB.prepare(`SELECT email, status FROM pledges WHERE id = ?`).bind(check.pledgeId).first<{ email: string | null; status: string }>();
      const live = current && current.status !== 'withdrawn' && current.email ? current.email : null;
      await withdrawPledge(c.env.DB, check.pledgeId, live ? await mailboxKey(c.env, live) : undefined);
      // Not stored at all (erased unconfirmed): nothing was kept, so the page must not say a record is.
      outcome = current ? 'withdrawn' : 'gone';
    }
    // Once confirmed: the role's next steps and the signed "Tell us what you did" link.
    const after = outcome === 'confirmed' || outcome === 'already-confirmed' ? await afterConfirmation(c.env, check.pledgeId, lang) : '';
    const partner = outcome === 'withdrawn' || outcome === 'was-withdrawn' ? before?.partner : undefined;
    // An erased pledge's link has expired, whichever method asked: 410, as its GET says.
    return render(c, (n) => linkOutcomePage(lang, outcome, n, after, action, switchHref, partner), outcome === 'expired' ? 410 : 200);
  });
}
