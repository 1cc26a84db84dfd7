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
/**
 * Wrangler's own reason, first (with --json it prints `{"error":{"text":…}}`: "no such table",
 * "set CLOUDFLARE_API_TOKEN"…), so a command that shows an error's first line shows that, not the
 * wrangler command line that failed.
 */
function wranglerError(err: Error): Error {
  const message = String(err.message);
  const json = message.slice(message.indexOf('{'), message.lastIndexOf('}') + 1);
  try {
    const text = (JSON.parse(json) as { error?: { text?: unknown } }).error?.text;
    if (typeof text === 'string' && text) return new Error(`wrangler d1 execute: ${text}\n${message}`);
  } catch {
    // not wrangler's JSON: the error as it came
  }
  return err;
}

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
      if (target.remote || attempt >= 5 || !String((err as Error).message).includes('SQLITE_BUSY')) throw wranglerError(err as Error);
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
