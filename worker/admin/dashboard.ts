import { Hono, type Context } from 'hono';
import { sameSecret } from '../platform/admin-auth.ts';
import { endSession, isMaintainer, startSession } from '../platform/admin-session.ts';
import { campaignStats } from './reports.ts';
import { changePartner, listPartners, type PartnerChange } from '../partners/admin.ts';
import { dashboardPage, signInPage } from './page.ts';
import { securePage } from '../platform/pages/secure-page.ts';
import { displayName, origin, partnerId } from '../partners/rules.ts';
import { pledgesCsv } from './api.ts';
import { readForm } from '../platform/body.ts';

type C = Context<{ Bindings: Env }>;

/**
 * `/admin`: the maintainers' dashboard. Signing in with ADMIN_TOKEN starts a short session
 * (HttpOnly, SameSite=Strict cookie); every change is a POST from the dashboard's own origin.
 */
export const adminDashboard = new Hono<{ Bindings: Env }>();

async function render(c: C, status: 200 | 400 | 401 | 404, notice?: string) {
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  if (!(await isMaintainer(c))) return c.html(signInPage(nonce), 200);
  const [stats, partners] = await Promise.all([campaignStats(c.env.DB), listPartners(c.env.DB)]);
  return c.html(dashboardPage(stats, partners, nonce, notice), status);
}

/** Changes must come from the dashboard itself (with SameSite=Strict, a second lock against CSRF). */
export function sameOrigin(c: C): boolean {
  return c.req.header('Origin') === new URL(c.req.url).origin;
}

adminDashboard.get('/admin', (c) => render(c, 200));

adminDashboard.post('/admin/sign-in', async (c) => {
  const form = (await readForm(c)) ?? {};
  const token = typeof form.token === 'string' ? form.token : '';
  if (!c.env.ADMIN_TOKEN || !sameOrigin(c) || !token || !(await sameSecret(token, c.env.ADMIN_TOKEN))) {
    const nonce = crypto.randomUUID();
    securePage(c, nonce);
    const error = !c.env.ADMIN_TOKEN
      ? 'Admin access is not configured: set the ADMIN_TOKEN secret'
      : !sameOrigin(c)
        ? 'Sign in from this dashboard’s own page: the request came from another site, or without its origin'
        : 'Enter the admin token exactly as it was set';
    return c.html(signInPage(nonce, error), 401);
  }
  await startSession(c);
  return c.redirect('/admin', 303);
});

/** Ends the session on the server as well as in this browser; only the dashboard itself may ask. */
adminDashboard.post('/admin/sign-out', async (c) => {
  if (!sameOrigin(c)) return c.text('Sign out from the dashboard itself.', 403);
  await endSession(c);
  return c.redirect('/admin', 303);
});

adminDashboard.get('/admin/pledges.csv', async (c) => {
  if (!(await isMaintainer(c))) return c.redirect('/admin', 303);
  return pledgesCsv(c);
});

adminDashboard.post('/admin/partners', async (c) => {
  if (!(await isMaintainer(c)) || !sameOrigin(c)) return c.text('Sign in to the dashboard first.', 403);
  const form = (await readForm(c)) ?? {};
  const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : undefined);
  let change: PartnerChange;
  try {
    const action = field('action');
    const id = partnerId(field('id'));
    if (action === 'add') change = { action, id, name: displayName(field('name')) };
    else if (action === 'add-origin' || action === 'remove-origin') change = { action, id, origin: origin(field('origin')) };
    else if (action === 'disable' || action === 'enable') change = { action, id };
    else throw new Error('Choose what to change.');
  } catch (err) {
    return render(c, 400, (err as Error).message);
  }
  if ((await changePartner(c.env.DB, change)) === 'no_such_partner') {
    return render(c, 404, `There is no partner "${change.id}". Add the society first, then its origins.`);
  }
  return render(c, 200, `Saved: ${change.action} ${change.id}${'origin' in change ? ` ${change.origin}` : ''}.`);
});
