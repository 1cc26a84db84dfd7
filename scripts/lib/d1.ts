/** D1 through wrangler, for maintainer scripts: local (optionally at a given state folder) or remote. */
import { run } from './run.ts';

export interface D1Target {
  /** `true` for the deployed database (`--remote`); local state otherwise. */
  remote?: boolean;
  /** wrangler environment (`--env`), e.g. `staging` or `production`. */
  env?: string;
  /** Local state folder (`--persist-to`); wrangler's default `.wrangler/state` otherwise. */
  persistTo?: string;
}

function targetArgs(target: D1Target): string[] {
  const args = [target.remote ? '--remote' : '--local'];
  if (target.env) args.push('--env', target.env);
  if (!target.remote && target.persistTo) args.push('--persist-to', target.persistTo);
  return args;
}

/** A SQL string literal. Values are also validated by the callers; this only quotes. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Runs SQL and returns the rows of its last statement. */
export async function execute<T = Record<string, unknown>>(sql: string, target: D1Target = {}): Promise<T[]> {
  let out: string;
  for (let attempt = 1; ; attempt++) {
    try {
      out = await run('wrangler', ['d1', 'execute', 'DB', ...targetArgs(target), '--json', '--command', sql], {
        env: { ...process.env, CI: 'true' },
      });
      break;
    } catch (err) {
      // A local database a running `wrangler dev` is writing to at that moment: asked again, a few times.
      if (target.remote || attempt >= 5 || !String((err as Error).message).includes('SQLITE_BUSY')) throw err;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
  const results = JSON.parse(out) as { results: T[] }[];
  return results.at(-1)?.results ?? [];
}

/** Applies the numbered migrations in worker/migrations. */
export async function applyMigrations(target: D1Target = {}): Promise<string> {
  return run('wrangler', ['d1', 'migrations', 'apply', 'DB', ...targetArgs(target)], {
    env: { ...process.env, CI: 'true' },
  });
}
