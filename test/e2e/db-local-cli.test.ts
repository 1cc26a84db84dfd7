/**
 * `npm run db:local`, which prepares local development's D1: run twice it changes nothing more, and
 * a maintainer's mistake (an option it does not take, `--remote` or `--env` as for the deployed
 * databases) is said in a line, with what to run instead: not node's stack trace.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { execute } from '../../scripts/lib/d1.ts';
import { ROOT } from '../../scripts/lib/run.ts';

const dir = mkdtempSync(join(tmpdir(), 'rhec-db-local-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const dbLocal = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['scripts/db-local.ts', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { status: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
};

const USAGE = 'Usage: npm run db:local [-- --persist-to DIR]. It prepares local development\'s database only: npm run deploy -- staging | production migrates a deployed one.';

describe('npm run db:local', () => {
  it('prepares a fresh state folder, and a second run adds nothing', async () => {
    for (let run = 0; run < 2; run++) {
      const r = dbLocal('--persist-to', dir);
      assert.equal(r.status, 0, r.err);
      assert.match(r.out, /^Local D1 ready: migrations applied/);
    }
    const rows = await execute<{ n: number }>("SELECT count(*) AS n FROM partner_origins WHERE origin = 'http://localhost:5173'", { persistTo: dir });
    assert.equal(rows[0]?.n, 2, 'rsna and sir, once each');
  });

  it('refuses what it does not take in one line and the usage, touching no database', () => {
    const cases: [string[], string][] = [
      [['--remote'], "Unknown option '--remote'."],
      [['--env', 'staging'], "Unknown option '--env'."],
      [['staging'], 'db:local takes no arguments (got "staging").'],
      [['--persist-to'], "Option '--persist-to <value>' argument missing"],
    ];
    for (const [args, first] of cases) {
      const r = dbLocal(...args);
      assert.deepEqual(r, { status: 2, out: '', err: `${first}\n${USAGE}` }, args.join(' '));
    }
  });
});
