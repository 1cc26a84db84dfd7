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
/** `unchanged`: the change was already so (an origin already listed or already gone, a society already on or off). */
export type ChangeOutcome = 'saved' | 'unchanged' | 'no_such_partner' | 'exists';

export async function changePartner(db: D1Database, change: PartnerChange): Promise<ChangeOutcome> {
  const exists = await db.prepare('SELECT 1 FROM partners WHERE id = ?').bind(change.id).first();
  if (change.action !== 'add' && !exists) return 'no_such_partner';
  // Adding a society that exists changes nothing: neither its name nor whether it is enabled
  // (a society disabled on purpose is not switched back on by a second "add").
  if (change.action === 'add' && exists) return 'exists';
  let changed: number;
  switch (change.action) {
    case 'add':
      await db.batch([
        db.prepare(`INSERT INTO partners (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING`).bind(change.id, change.name),
        db.prepare(`INSERT INTO pledge_counts (partner_id) VALUES (?) ON CONFLICT DO NOTHING`).bind(change.id),
      ]);
      changed = 1;
      break;
    case 'add-origin':
      changed = (await db.prepare(`INSERT OR IGNORE INTO partner_origins (partner_id, origin) VALUES (?, ?)`).bind(change.id, change.origin).run()).meta.changes;
      break;
    case 'remove-origin':
      changed = (await db.prepare(`DELETE FROM partner_origins WHERE partner_id = ? AND origin = ?`).bind(change.id, change.origin).run()).meta.changes;
      break;
    case 'disable':
    case 'enable': {
      const active = change.action === 'enable' ? 1 : 0;
      changed = (await db.prepare(`UPDATE partners SET active = ?1 WHERE id = ?2 AND active != ?1`).bind(active, change.id).run()).meta.changes;
      break;
    }
  }
  if (!changed) return 'unchanged';
  clearPartnerCaches(); // this isolate sees the change at once; others within 30 s
  return 'saved';
}
