/** Partner management from the admin dashboard (the same changes `npm run partners` makes). */
import { clearPartnerCaches } from './queries.ts';

export interface PartnerRow {
  id: string;
  name: string;
  active: number;
  origins: string[];
}

export async function listPartners(db: D1Database): Promise<PartnerRow[]> {
  const { results } = await db
    .prepare(
      `SELECT p.id, p.name, p.active, group_concat(o.origin, ' ') AS origins
       FROM partners p LEFT JOIN partner_origins o ON o.partner_id = p.id GROUP BY p.id ORDER BY p.id`,
    )
    .all<{ id: string; name: string; active: number; origins: string | null }>();
  return results.map((r) => ({ ...r, origins: r.origins ? r.origins.split(' ').sort() : [] }));
}

export type PartnerChange =
  | { action: 'add'; id: string; name: string }
  | { action: 'add-origin' | 'remove-origin'; id: string; origin: string }
  | { action: 'disable' | 'enable'; id: string };

/** What came of a change: done, or refused because the partner it names does not exist. */
export type ChangeOutcome = 'saved' | 'no_such_partner' | 'exists';

export async function changePartner(db: D1Database, change: PartnerChange): Promise<ChangeOutcome> {
  const exists = await db.prepare('SELECT 1 FROM partners WHERE id = ?').bind(change.id).first();
  if (change.action !== 'add' && !exists) return 'no_such_partner';
  // Adding a society that exists changes nothing: neither its name nor whether it is enabled
  // (a society disabled on purpose is not switched back on by a second "add").
  if (change.action === 'add' && exists) return 'exists';
  switch (change.action) {
    case 'add':
      await db.batch([
        db.prepare(`INSERT INTO partners (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING`).bind(change.id, change.name),
        db.prepare(`INSERT INTO pledge_counts (partner_id) VALUES (?) ON CONFLICT DO NOTHING`).bind(change.id),
      ]);
      break;
    case 'add-origin':
      await db.prepare(`INSERT OR IGNORE INTO partner_origins (partner_id, origin) VALUES (?, ?)`).bind(change.id, change.origin).run();
      break;
    case 'remove-origin':
      await db.prepare(`DELETE FROM partner_origins WHERE partner_id = ? AND origin = ?`).bind(change.id, change.origin).run();
      break;
    case 'disable':
    case 'enable':
      await db.prepare(`UPDATE partners SET active = ? WHERE id = ?`).bind(change.action === 'enable' ? 1 : 0, change.id).run();
      break;
  }
  clearPartnerCaches(); // this isolate sees the change at once; others within 30 s
  return 'saved';
}
