/**
 * Prepares local D1: applies the migrations, then registers the demo origin for the
 * partners the demo pages use. Idempotent. `--persist-to <dir>` targets another state folder.
 */
import { parseArgs } from 'node:util';
import { applyMigrations, execute, sqlString } from './lib/d1.ts';
import { demoResourcesSql } from './lib/demo-resources.ts';
import { firstLine } from './lib/run.ts';

/** The demo pages' origin (npm start) and the partners they embed. Local only: never in a migration. */
export const DEMO_ORIGIN = 'http://localhost:5173';
export const DEMO_PARTNERS = ['rsna', 'sir'];

export async function prepareLocalDb(persistTo?: string, origins: string[] = [DEMO_ORIGIN]): Promise<void> {
  const target = { persistTo };
  await applyMigrations(target);
  // Example resources (marked as examples), so next steps and /resources show something locally.
  await execute(demoResourcesSql(), target);
  const rows = DEMO_PARTNERS.flatMap((p) => origins.map((o) => `(${sqlString(p)}, ${sqlString(o)})`));
  if (!rows.length) return;
  await execute(`INSERT OR IGNORE INTO partner_origins (partner_id, origin) VALUES ${rows.join(', ')}`, target);
}

const USAGE = "Usage: npm run db:local [-- --persist-to DIR]. It prepares local development's database only: npm run deploy -- staging | production migrates a deployed one.";

if (import.meta.main) {
  let values: { 'persist-to'?: string };
  try {
    const parsed = parseArgs({ allowPositionals: true, options: { 'persist-to': { type: 'string' } } });
    if (parsed.positionals.length) throw new Error(`db:local takes no arguments (got "${parsed.positionals.join(' ')}").`);
    values = parsed.values;
  } catch (err) {
    // `--remote`, `--env staging` (as for the deployed databases), a typo: one line and the usage, not node's stack trace.
    console.error(`${firstLine(err)}\n${USAGE}`);
    process.exit(2);
  }
  await prepareLocalDb(values['persist-to']);
  console.log(`Local D1 ready: migrations applied; ${DEMO_ORIGIN} registered for ${DEMO_PARTNERS.join(', ')}; example resources loaded.`);
}
