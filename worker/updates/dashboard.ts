/**
 * `/admin/updates`: the Updates section of the dashboard, behind the dashboard's sign-in
 * (session cookie or Cloudflare Access). Every change is a POST from the dashboard's own origin.
 */
import { Hono, type Context } from 'hono';
import { decode } from 'hono/jwt';
import { hasAccessIdentity, isMaintainer } from '../platform/admin-session.ts';
import { addressHash } from './consent.ts';
import { parseDraft } from './draft.ts';
import { composeUpdate, type Reader } from './emails.ts';
import { cancelUpdate, startSending } from './fanout.ts';
import { audienceOf, auditTrail, figures, getUpdate, history, type UpdateRow } from './queries.ts';
import { addSuppression, changeDraft, createDraft, liftSuppression, sendTest, suppressions } from './service.ts';
import { draftValues, editDraftPage, updatePage, updatesIndexPage, type FormValues, type Partner, type PreviewPart } from './admin-page.ts';
import { draftSchema } from './draft.ts';

type C = Context<{ Bindings: Env }>;

export const updatesDashboard = new Hono<{ Bindings: Env }>();

/** The page's CSP: its own nonce'd style and script, polling itself, framing its own previews. */
function securePage(c: C, nonce: string) {
  c.header(
    'Content-Security-Policy',
    `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; connect-src 'self'; frame-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  );
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'same-origin');
  c.header('Cache-Control', 'no-store');
}

/** Who acted, for the audit table: the Cloudflare Access email when there is one, else the dashboard session. */
export async function dashboardActor(c: C): Promise<string> {
  const jwt = c.req.header('Cf-Access-Jwt-Assertion');
  if (jwt && (await hasAccessIdentity(c))) {
    try {
      const email = decode(jwt).payload.email;
      if (typeof email === 'string' && email) return email;
    } catch {
      // fall through
    }
  }
  return 'dashboard';
}

const sameOrigin = (c: C) => c.req.header('Origin') === new URL(c.req.url).origin;

async function partnersOf(db: D1Database): Promise<Partner[]> {
  const { results } = await db.prepare('SELECT id, name FROM partners WHERE active = 1 ORDER BY id').all<Partner>();
  return results;
}

async function indexPage(c: C, status: 200 | 400 | 422, extra: { values?: FormValues; errors?: Record<string, string[]>; notice?: string } = {}) {
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  const [partners, rows, supp] = await Promise.all([partnersOf(c.env.DB), history(c.env.DB), suppressions(c.env.DB)]);
  return c.html(updatesIndexPage({ nonce, partners, history: rows, suppressions: supp, ...extra }), status);
}

/** A sample reader for previews: links signed for no pledge, the first chosen society (or RSNA). */
function sampleReader(u: UpdateRow, lang: 'en' | 'es'): Reader {
  return { id: 'preview', email: 'pledger@example.org', lang, partner_id: audienceOf(u).partners[0] ?? 'rsna' };
}

const versions = (u: UpdateRow): ('en' | 'es')[] => (u.subject_es && u.body_es ? ['en', 'es'] : ['en']);

async function detailPage(c: C, u: UpdateRow, status: 200 | 409 | 422 = 200, extra: { notice?: string; testError?: string; testTo?: string } = {}) {
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  const [partners, figs, audit] = await Promise.all([partnersOf(c.env.DB), figures(c.env.DB, u), auditTrail(c.env.DB, u.id)]);
  const previews: PreviewPart[] = [];
  for (const lang of versions(u)) {
    const email = await composeUpdate(c.env, u, sampleReader(u, lang));
    previews.push({ lang, subject: email.subject, text: email.text, headers: email.headers ?? {} });
  }
  return c.html(updatePage({ nonce, update: { ...u, status: figs.status }, audience: audienceOf(u), partners, figures: figs, previews, audit, ...extra }), status);
}

/** Everything under /admin/updates needs a signed-in maintainer; changes need the dashboard's own origin too. */
updatesDashboard.use('/admin/updates/*', async (c, next) => {
  if (!(await isMaintainer(c))) return c.req.method === 'GET' ? c.redirect('/admin', 303) : c.text('Sign in to the dashboard first.', 403);
  if (c.req.method === 'POST' && !sameOrigin(c)) return c.text('Changes must come from the dashboard itself.', 403);
  return next();
});
updatesDashboard.use('/admin/updates', async (c, next) => {
  if (!(await isMaintainer(c))) return c.req.method === 'GET' ? c.redirect('/admin', 303) : c.text('Sign in to the dashboard first.', 403);
  if (c.req.method === 'POST' && !sameOrigin(c)) return c.text('Changes must come from the dashboard itself.', 403);
  return next();
});

updatesDashboard.get('/admin/updates', (c) => indexPage(c, 200));

async function formValues(c: C): Promise<FormValues> {
  const body = await c.req.parseBody({ all: true }).catch(() => ({}) as Record<string, unknown>);
  const out: FormValues = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

const asList = (v: string | string[] | undefined) => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []);

/** The compose form's fields as the draft schema takes them (the API's JSON shape). */
function draftInput(values: FormValues) {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  return {
    subject: { en: str('subject_en'), es: str('subject_es') },
    body: { en: str('body_en'), es: str('body_es') },
    audience: { partners: asList(values.partners), roles: asList(values.roles), langs: asList(values.langs) },
  };
}

updatesDashboard.post('/admin/updates', async (c) => {
  const values = await formValues(c);
  const parsed = await parseDraft(c.env.DB, draftInput(values));
  if (!parsed.ok) return indexPage(c, 422, { values, errors: parsed.fields });
  const { id } = await createDraft(c.env, parsed.draft, await dashboardActor(c));
  return c.redirect(`/admin/updates/${id}`, 303);
});

async function withUpdate(c: C, fn: (u: UpdateRow) => Promise<Response>): Promise<Response> {
  const u = await getUpdate(c.env.DB, c.req.param('id') ?? '');
  if (!u) return c.text('No such update.', 404);
  return fn(u);
}

updatesDashboard.get('/admin/updates/:id', (c) =>
  withUpdate(c, (u) => detailPage(c, u, 200, c.req.query('saved') !== undefined && u.status === 'draft' ? { notice: 'Draft saved. Check the preview below before you send it.' } : {})),
);

/**
 * The revision a form carries (the draft as its maintainer saw it), or null when it carries none,
 * several or a malformed one: the page is then treated as out of date, never as unchecked.
 */
function revisionOf(values: FormValues): number | null {
  const raw = typeof values.revision === 'string' ? values.revision : '';
  return /^\d{1,9}$/.test(raw) ? Number(raw) : null;
}

const NOT_A_DRAFT = (u: UpdateRow) => `Not saved: this update is ${u.status === 'cancelled' ? 'discarded' : 'already being sent or sent'}, and only a draft can be changed.`;

updatesDashboard.get('/admin/updates/:id/status.json', (c) =>
  withUpdate(c, async (u) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await figures(c.env.DB, u));
  }),
);

/** The email's HTML for the preview frame: sandboxed, no scripts, its inline styles allowed. */
updatesDashboard.get('/admin/updates/:id/preview/:file{(en|es)\\.html}', (c) =>
  withUpdate(c, async (u) => {
    const lang = c.req.param('file').startsWith('es') && versions(u).includes('es') ? 'es' : 'en';
    const email = await composeUpdate(c.env, u, sampleReader(u, lang));
    c.header('Content-Security-Policy', `default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'self'; sandbox`);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cache-Control', 'no-store');
    return c.html(email.html);
  }),
);

/** The draft's compose form, filled in; a draft only (anything else is shown as it is). */
async function editPage(c: C, u: UpdateRow, status: 200 | 409 | 422, values: FormValues, errors?: Record<string, string[]>) {
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  return c.html(editDraftPage({ nonce, update: u, partners: await partnersOf(c.env.DB), values, ...(errors ? { errors } : {}) }), status);
}

updatesDashboard.get('/admin/updates/:id/edit', (c) =>
  withUpdate(c, async (u) => (u.status === 'draft' ? editPage(c, u, 200, draftValues(u, audienceOf(u))) : c.redirect(`/admin/updates/${u.id}`, 303))),
);

updatesDashboard.post('/admin/updates/:id/edit', (c) =>
  withUpdate(c, async (u) => {
    if (u.status !== 'draft') return detailPage(c, u, 409, { notice: NOT_A_DRAFT(u) });
    const values = await formValues(c);
    const parsed = await parseDraft(c.env.DB, draftInput(values));
    if (!parsed.ok) return editPage(c, u, 422, values, parsed.fields);
    const revision = revisionOf(values);
    const changed = revision === null ? 'stale' : await changeDraft(c.env, u.id, parsed.draft, await dashboardActor(c), revision);
    if (changed === 'not_draft' || changed === 'not_found') {
      const now = await getUpdate(c.env.DB, u.id);
      return now ? detailPage(c, now, 409, { notice: NOT_A_DRAFT(now) }) : c.text('No such update.', 404);
    }
    if (changed === 'stale') {
      // Someone saved this draft after it was loaded here: keep what was typed, show it against
      // the current revision, and say so; saving again replaces their version knowingly.
      const now = (await getUpdate(c.env.DB, u.id))!;
      return editPage(c, now, 409, { ...values, revision: String(now.revision) }, {
        revision: ['Someone else changed this draft after you opened it. Your version is below: save again to replace theirs, or cancel to keep theirs.'],
      });
    }
    return c.redirect(`/admin/updates/${u.id}?saved`, 303);
  }),
);

updatesDashboard.post('/admin/updates/:id/test', (c) =>
  withUpdate(c, async (u) => {
    const values = await formValues(c);
    const raw = typeof values.test_to === 'string' ? values.test_to : '';
    const check = draftSchema.shape.test_to.safeParse(raw.trim() === '' ? 'missing' : raw);
    if (!check.success || !check.data) {
      return detailPage(c, u, 422, { testError: raw.trim() ? 'Enter the test address in the correct format, like name@example.org' : 'Enter an address to send the test to', testTo: raw });
    }
    const lang = values.lang === 'es' && versions(u).includes('es') ? 'es' : 'en';
    const outcome = await sendTest(c.env, u, check.data, lang, await dashboardActor(c));
    return detailPage(c, u, 200, {
      notice: outcome === 'sent' ? `Test sent to ${check.data} (${lang === 'es' ? 'Spanish' : 'English'} version).` : 'The test could not be sent: the email provider refused it. Try again in a moment.',
    });
  }),
);

updatesDashboard.post('/admin/updates/:id/send', (c) =>
  withUpdate(c, async (u) => {
    const revision = revisionOf(await formValues(c));
    const status = revision === null ? u.status : await startSending(c.env, u.id, await dashboardActor(c), Date.now(), revision);
    if (status === 'draft') {
      // Edited after this page was loaded: never send what its sender has not seen.
      const now = (await getUpdate(c.env.DB, u.id))!;
      return detailPage(c, now, 409, { notice: 'Not sent: this draft was changed after you opened it. Check the changes in the preview below, then send again.' });
    }
    return c.redirect(`/admin/updates/${u.id}`, 303);
  }),
);

updatesDashboard.post('/admin/updates/:id/cancel', (c) =>
  withUpdate(c, async (u) => {
    await cancelUpdate(c.env, u.id, await dashboardActor(c));
    return c.redirect(u.status === 'draft' ? '/admin/updates' : `/admin/updates/${u.id}`, 303);
  }),
);

updatesDashboard.post('/admin/updates/suppressions/lift', async (c) => {
  const values = await formValues(c);
  const hash = typeof values.hash === 'string' && /^[0-9a-f]{64}$/.test(values.hash) ? values.hash : '';
  const lifted = hash ? await liftSuppression(c.env, hash, await dashboardActor(c)) : false;
  return indexPage(c, lifted ? 200 : 400, { notice: lifted ? `Suppression ${hash.slice(0, 12)}… lifted: that address can get email again.` : 'That suppression was not found (already lifted?).' });
});

updatesDashboard.post('/admin/updates/suppressions/lookup', async (c) => {
  const values = await formValues(c);
  const email = typeof values.email === 'string' ? values.email.trim().toLowerCase() : '';
  const check = draftSchema.shape.test_to.safeParse(email || 'missing');
  if (!check.success || !check.data) {
    return indexPage(c, 422, { values, errors: { suppress: [email ? 'Enter an address in the correct format, like name@example.org' : 'Enter an address'] } });
  }
  if (values.action === 'suppress') {
    const added = await addSuppression(c.env, check.data, await dashboardActor(c));
    return indexPage(c, 200, { notice: added ? 'That address is now suppressed: it gets no more email.' : 'That address was already suppressed.' });
  }
  const hash = await addressHash(c.env, check.data);
  const row = await c.env.DB.prepare('SELECT reason, created_at FROM email_suppressions WHERE address_hash = ?').bind(hash).first<{ reason: string; created_at: string }>();
  return indexPage(c, 200, {
    notice: row ? `That address is suppressed (${row.reason}, since ${row.created_at.slice(0, 10)}): its hash starts ${hash.slice(0, 12)}.` : 'That address is not suppressed.',
  });
});
