/**
 * `npm run deploy -- staging|production`: checks the environment's settings (deploy-guard) and
 * that its secrets are set (by name, from `wrangler secret list`), builds the widget, applies D1 migrations to that environment's remote database, then deploys
 * the Worker (and the script it serves) with wrangler.
 * Needs `npx wrangler login` (or CLOUDFLARE_API_TOKEN) and the first-time setup in DEPLOY.md.
 *
 * Earlier releases' content-addressed copies (`/v/<hash>/…`, which partner sites pin) are read
 * from the live service and deployed again with the new one (scripts/lib/releases.ts);
 * `--retire <hash>` (repeatable) leaves one out, once no site pins it; `--first-deploy`, for an
 * environment where nothing is deployed yet, reads nothing.
 *
 * `--dry-run [--outdir DIR]` checks the settings and bundles the Worker without deploying
 * (what `npm test` runs); it reads no live service, so `--first-deploy` and `--retire` are refused
 * with it, and `--outdir` without it. `--config FILE` reads and deploys another wrangler config.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, deployRefusals, listedSecrets, placeholderRefusals, publicOrigin, secretRefusals } from './lib/deploy-guard.ts';
import { isReleaseHash, keepReleases } from './lib/releases.ts';
import { firstLine, ROOT, run, start } from './lib/run.ts';

const USAGE = 'Usage: npm run deploy -- staging | production ( [--retire <hash>]… [--first-deploy] | --dry-run [--outdir DIR] )';
let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean' },
      outdir: { type: 'string' },
      config: { type: 'string' },
      retire: { type: 'string', multiple: true },
      'first-deploy': { type: 'boolean' },
    },
  });
} catch (err) {
  // An option this command does not take (`--var`, a typo): said in one line, with the usage, not a stack trace.
  console.error(`${firstLine(err)}\n${USAGE}`);
  process.exit(2);
}
const { positionals, values } = parsed;
const env = positionals[0];
if (env !== 'staging' && env !== 'production') {
  // Said first: the usage alone left a maintainer who typed `prod` to spot the difference.
  console.error(env === undefined ? 'Which environment? Deploy staging or production.' : `Unknown environment "${env}": deploy staging or production.`);
  console.error(USAGE);
  process.exit(2);
}
if (positionals.length > 1) {
  // `deploy -- staging production` deployed staging and dropped production without a word.
  console.error(`Deploy one environment at a time (got "${positionals.join(' ')}").`);
  console.error(USAGE);
  process.exit(2);
}
// Options the run they were given with never reads were passed over in silence: refused, as above.
const mismatch = values['dry-run']
  ? values['first-deploy']
    ? '--first-deploy is for a real deploy: a dry run reads no live service, so there is nothing for it to skip. Leave it out of the dry run.'
    : values.retire?.length
      ? '--retire is for a real deploy: a dry run reads no live service\'s releases, so it retires and checks none. Leave it out of the dry run.'
      : undefined
  : values.outdir !== undefined
    ? '--outdir is where a dry run writes the Worker\'s bundle: add --dry-run, or leave --outdir out.'
    : undefined;
if (mismatch) {
  console.error(mismatch);
  console.error(USAGE);
  process.exit(2);
}
// A hash cut short or mistyped: said now, not after the build (the live service is asked which it serves then).
for (const hash of values.retire ?? []) {
  if (!isReleaseHash(hash)) {
    console.error(`--retire ${hash}: a release's hash is the 16 hex digits in its path (/v/<hash>/rhec-pledge.js).`);
    process.exit(2);
  }
}
const config = values.config ?? `${ROOT}wrangler.jsonc`;
// A dry run bundles what is committed, placeholders included; a real deploy refuses them too.
let refusals: string[];
try {
  refusals = [...deployRefusals(config, env), ...(values['dry-run'] ? [] : placeholderRefusals(config, env))];
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(1);
}
if (refusals.length) {
  console.error(`Refusing to deploy ${env}:\n${refusals.map((r) => `  - ${r}`).join('\n')}`);
  process.exit(1);
}

function step(title: string, tool: string, args: string[]): Promise<void> {
  console.log(`\n▶ ${title}`);
  return new Promise((resolve, reject) => {
    start(tool, args).on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${title} failed (exit ${code})`))));
  });
}

try {
  if (values['dry-run']) {
    const outdir = values.outdir ? ['--outdir', values.outdir] : [];
    // The Worker serves dist/ as its assets: a fresh clone has none yet (`npm test` builds it first).
    if (!existsSync(`${ROOT}dist/rhec-pledge.js`)) await step('Build the drop-in script (dist/ is missing)', 'npm', ['run', 'build']);
    await step(`Bundle the Worker (${env}, dry run)`, 'wrangler', ['deploy', '--dry-run', '--config', config, '--env', env, ...outdir]);
    process.exit(0);
  }
  // The secrets, by name (never a value), before anything is built or migrated: a deploy without
  // them would go live answering 503 (`/api/health` says "secrets": "missing").
  console.log(`\n▶ Check the secrets of ${env}`);
  let printed: string;
  try {
    printed = await run('wrangler', ['secret', 'list', '--config', config, '--env', env, '--format', 'json']);
  } catch (err) {
    // wrangler's own reason: its [ERROR] line (not logged in, no such Worker yet), without its colours.
    const output = String((err as Error).message).replace(/\x1b\[[0-9;]*m/g, '');
    const said = /\[ERROR\]\s*(.+)/.exec(output)?.[1]?.trim() ?? output.split('\n')[0];
    throw new Error(`Cannot list the secrets of ${env} (wrangler: ${said}). Sign in (npx wrangler login) and put the secrets first (DEPLOY.md, step 4).`);
  }
  const secrets = secretRefusals(config, env, listedSecrets(printed));
  for (const note of secrets.notes) console.log(`  Note: ${note}`);
  if (secrets.refusals.length) throw new Error(`Refusing to deploy ${env}:\n${secrets.refusals.map((r) => `  - ${r}`).join('\n')}`);
  console.log('  The required secrets are set.');
  await step('Build the drop-in script', 'npm', ['run', 'build']);
  const origin = publicOrigin(config, env);
  console.log(`\n▶ Keep earlier releases (read from ${origin})`);
  const kept = await keepReleases(`${ROOT}dist`, origin, { retire: values.retire ?? [], firstDeploy: values['first-deploy'] ?? false });
  console.log(`  ${kept.files.length} files under /v/: ${kept.carried.length} from earlier releases${kept.retired.length ? `, ${kept.retired.length} retired (${kept.retired.join(', ')})` : ''}.`);
  await step(`Apply D1 migrations (${env}, remote)`, 'wrangler', ['d1', 'migrations', 'apply', 'DB', '--remote', '--config', config, '--env', env]);
  await step(`Deploy the Worker (${env})`, 'wrangler', ['deploy', '--config', config, '--env', env]);
  console.log(`\nDeployed ${env}. Check it: curl -s <PUBLIC_ORIGIN>/api/health`);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
