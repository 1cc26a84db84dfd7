/** `/admin/organizations`: the review page, its buttons (POST, same origin only) and the CSV, behind the dashboard's session. */
import { Hono, type Context } from 'hono';
import { isMaintainer } from '../platform/admin-session.ts';
import { securePage } from '../platform/pages/secure-page.ts';
import { actOnOrganization, organizationsCsv } from './admin-api.ts';
import { organizationsAdminPage } from './admin-page.ts';
import { allOrganizations, approvedOrganizationCount, findOrganization } from './queries.ts';

type C = Context<{ Bindings: Env }>;

export const organizationsAdmin = new Hono<{ Bindings: Env }>();

async function render(c: C, status: 200 | 404, notice?: string) {
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  const [rows, approved] = await Promise.all([allOrganizations(c.env.DB), approvedOrganizationCount(c.env.DB)]);
  return c.html(organizationsAdminPage(rows, approved, nonce, notice), status);
}

organizationsAdmin.get('/admin/organizations', async (c) => {
  if (!(await isMaintainer(c))) return c.redirect('/admin', 303);
  return render(c, 200);
});

organizationsAdmin.get('/admin/organizations.csv', async (c) => {
  if (!(await isMaintainer(c))) return c.redirect('/admin', 303);
  return organizationsCsv(c);
});

const DONE = { approve: 'Approved', decline: 'Declined', remove: 'Removed, and the contact erased:' } as const;

for (const action of ['approve', 'decline', 'remove'] as const) {
  organizationsAdmin.post(`/admin/organizations/:id/${action}`, async (c) => {
    // Changes come from the page itself (with SameSite=Strict, a second lock against CSRF).
    if (!(await isMaintainer(c)) || c.req.header('Origin') !== new URL(c.req.url).origin) {
      return c.text('Sign in to the dashboard first.', 403);
    }
    const id = c.req.param('id');
    const org = await findOrganization(c.env.DB, id);
    if (!org || !(await actOnOrganization(c.env, id, action))) return render(c, 404, 'That organization can no longer be changed.');
    return render(c, 200, `${DONE[action]} ${org.name}.`);
  });
}
