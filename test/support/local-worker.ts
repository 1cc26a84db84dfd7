/**
 * A real local Worker for browser tests: `wrangler dev` (workerd + local D1) on its own
 * port and its own throw-away state folder, with migrations applied and the given page
 * origins registered for the demo partners. Stop it when done.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareLocalDb } from '../../scripts/db-local.ts';
import { execute } from '../../scripts/lib/d1.ts';
import { bin, ROOT } from '../../scripts/lib/run.ts';

/** The admin token the test Worker is started with. */
export const TEST_ADMIN_TOKEN = 'e2e-admin-token';

export interface LocalWorker {
  url: string;
  persistTo: string;
  /** The process group of `wrangler dev` and its workerd (the benchmarks read its CPU time). */
  pid: number;
  /** Runs SQL against this Worker's local D1 and returns the rows. */
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  /** Runs SQL until it returns rows (pledges are stored by the queue consumer a moment after 202). */
  rowsEventually<T = Record<string, unknown>>(sql: string, timeoutMs?: number): Promise<T[]>;
  stop(): Promise<void>;
  /** Kills wrangler dev and its workerd at once (SIGKILL, as a crash would), keeping the state folder. */
  kill(): Promise<void>;
}

export async function startLocalWorker(options: {
  port: number;
  origins: string[];
  vars?: Record<string, string>;
  /** More `wrangler dev` arguments (the benchmarks' `--inspector-port`). */
  args?: string[];
  /** Runs on a state folder prepared before (a restart after `kill`), and leaves it in place on stop. */
  persistTo?: string;
  /** Called once the fresh state folder has its migrations, before wrangler dev starts (benchmarks seed D1 here). */
  seed?: (persistTo: string) => Promise<void> | void;
}): Promise<LocalWorker> {
  const persistTo = options.persistTo ?? mkdtempSync(join(tmpdir(), 'rhec-worker-'));
  if (!options.persistTo) {
    await prepareLocalDb(persistTo, options.origins);
    await options.seed?.(persistTo);
  }
  const url = `http://localhost:${options.port}`;
  // Links in emails point at this Worker; counts are read fresh (no edge cache) so tests see changes at once.
  const vars = { ADMIN_TOKEN: TEST_ADMIN_TOKEN, PUBLIC_ORIGIN: url, STATS_CACHE_SECONDS: '0', ...options.vars };
  // The devtools inspector on a port the system picks (0) unless the caller names one (the
  // benchmarks' profiler): wrangler's default looks for a free port from 9229 and binds it a moment
  // later, so two checkouts' Workers starting together both took 9229 and one died with "Address
  // already in use (socket "direct:1:default")".
  const args = options.args ?? [];
  const inspector = args.includes('--inspector-port') ? [] : ['--inspector-port', '0'];
  const child = spawn(
    bin('wrangler'),
    ['dev', '--port', String(options.port), '--ip', 'localhost', '--persist-to', persistTo,
      '--show-interactive-dev-session=false', '--log-level', 'error', '--test-scheduled', ...inspector,
      ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]), ...args],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, CI: 'true' } },
  );
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  // RHEC_WORKER_LOG=1: the Worker's own log lines (cron_step_failed, …) on this process's stderr, to see why a run failed.
  if (process.env.RHEC_WORKER_LOG) for (const stream of [child.stdout, child.stderr]) stream?.on('data', (d) => process.stderr.write(d));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${output}`);
    try {
      const res = await fetch(`${url}/api/stats`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`wrangler dev did not answer on ${url} within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    url,
    persistTo,
    pid: child.pid!,
    query: (sql) => execute(sql, { persistTo }),
    async rowsEventually<T>(sql: string, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const rows = await execute<T>(sql, { persistTo });
        if (rows.length || Date.now() > deadline) return rows;
        await new Promise((r) => setTimeout(r, 300));
      }
    },
    async stop() {
      if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
      if (!options.persistTo) rmSync(persistTo, { recursive: true, force: true });
    },
    async kill() {
      if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
      await exited;
    },
  };
}
