import { stringify } from 'csv-stringify/sync';
import { Hono, type Context } from 'hono';
import { requireAdmin } from '../platform/admin-auth.ts';
import { suppressedInExport } from '../updates/consent.ts';
import { campaignStats, pledgesForExport, type PledgeExportRow } from './reports.ts';

/** Cells a spreadsheet would run as a formula start with one of these; such cells get a leading quote. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralizeCell(value: unknown): unknown {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

const COLUMNS: (keyof PledgeExportRow | 'suppressed')[] = [
  // `suppressed`: 1 when the address is on the suppression list (a bounce, a complaint, or added
  // by hand): whatever `updates` says, nothing may be emailed to it, from here or any other tool.
  'id', 'partner_id', 'name', 'email', 'role', 'organization', 'region', 'updates', 'suppressed', 'lang',
  // `reminders`: 1 while the yearly renewal email is on (added before `source`, which stays last).
  'status', 'flagged', 'flag_reason', 'created_at', 'confirmed_at', 'reminders', 'source',
];

export const admin = new Hono<{ Bindings: Env }>();

admin.use('*', requireAdmin);

/** Every pledge (but withdrawn ones) as a CSV download. */
export async function pledgesCsv(c: Context<{ Bindings: Env }>): Promise<Response> {
  const rows = await pledgesForExport(c.env.DB);
  const suppressed = await suppressedInExport(c.env, rows.map((r) => r.email));
  const csv = stringify(
    rows.map((r) => COLUMNS.map((col) => (col === 'suppressed' ? Number(suppressed.has(r.email)) : neutralizeCell(r[col])))),
    { header: true, columns: COLUMNS as string[], bom: true },
  );
  return c.body(csv, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="rhec-pledges-${new Date().toISOString().slice(0, 10)}.csv"`,
    'Cache-Control': 'no-store',
  });
}

admin.get('/pledges.csv', pledgesCsv);

admin.get('/stats', async (c) => c.json(await campaignStats(c.env.DB)));
