/**
 * `npm start`: the whole product locally, offline, no Cloudflare account.
 * Prepares local D1, builds the drop-in script, then runs the Worker on :8787 and the
 * demo partner pages on :5173 (a different origin, as a real partner site is). Ctrl-C stops both.
 */
import type { ChildProcess } from 'node:child_process';
import { prepareLocalDb } from './db-local.ts';
import { keepLocalEmails, MAILBOX } from './lib/local-mail.ts';
import { buildDist } from './lib/build-dist.ts';
import { run, ROOT, start } from './lib/run.ts';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const WORKER = 'http://localhost:8787';
const DEMO = 'http://localhost:5173';

console.log('Preparing local D1 (migrations, demo origin)…');
await prepareLocalDb();
console.log('Building the drop-in scripts and share cards…');
for (const out of await buildDist()) console.log(out.trim());
console.log((await run('node', ['scripts/check-budget.ts'])).trim());

// The dashboard needs ADMIN_TOKEN. Without one in .dev.vars, this run makes its own (random, for
// this run only, kept in no file of the project) and prints it, so /admin works from a fresh clone too.
const devVars = existsSync(join(ROOT, '.dev.vars')) ? readFileSync(join(ROOT, '.dev.vars'), 'utf8') : '';
// (On its own line only: `ADMIN_TOKEN=` left empty, as .dev.vars.example has it, is no token.)
const TOKEN_LINE = /^[ \t]*(?:export[ \t]+)?ADMIN_TOKEN[ \t]*=(.*)$/gm;
const hasToken = [...devVars.matchAll(TOKEN_LINE)].some((m) => /^[ \t]*['"]?[^\s'"#]/.test(m[1] ?? ''));
const sessionToken = hasToken ? null : randomBytes(18).toString('base64url');
// Given to wrangler in a file only this user can read (the settings of .dev.vars with it), not as
// `--var` on its command line, which every user of a shared machine can read in `ps`.
const envDir = sessionToken ? mkdtempSync(join(tmpdir(), 'rhec-start-')) : null;
const envFile = envDir ? join(envDir, 'dev.vars') : null;
const otherVars = devVars.replace(TOKEN_LINE, ''); // an empty ADMIN_TOKEN= line must not stand beside this run's
if (envFile) writeFileSync(envFile, `${otherVars}${otherVars && !otherVars.endsWith('\n') ? '\n' : ''}ADMIN_TOKEN=${sessionToken}\n`, { mode: 0o600 });

const children: ChildProcess[] = [
  start('wrangler', ['dev', '--port', '8787', '--ip', 'localhost', '--show-interactive-dev-session=false', '--log-level', 'warn',
    ...(envFile ? ['--env-file', envFile] : [])]),
  start('vite', ['--port', '5173', '--strictPort', '--logLevel', 'warn']),
];

const stopKeepingEmails = keepLocalEmails();

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  stopKeepingEmails();
  for (const child of children) child.kill('SIGTERM');
  if (envDir) rmSync(envDir, { recursive: true, force: true });
  setTimeout(() => process.exit(code), 500).unref();
}
process.on('SIGINT', () => stop());
process.on('SIGTERM', () => stop());
for (const child of children) child.on('exit', (code) => stop(code ?? 1));

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 300 && !stopping; i++) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
await Promise.all([waitFor(`${WORKER}/api/stats`), waitFor(DEMO)]);
if (!stopping) {
  console.log(`
  RHEC Pledge is running.
    Worker (API + script): ${WORKER}   e.g. ${WORKER}/api/stats
    Demo partner pages:    ${DEMO}     (${DEMO}/rsna/ and ${DEMO}/sir/)
    Emails sent locally:   ${MAILBOX}   (npm run mailbox prints the newest)
    Dashboard:             ${WORKER}/admin   ${sessionToken ? `sign in with ${sessionToken} (made for this run; set ADMIN_TOKEN in .dev.vars to keep one)` : '(sign in with the ADMIN_TOKEN in .dev.vars)'}
  Ctrl-C stops both.
`);
}
