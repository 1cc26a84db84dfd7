/**
 * `npm run deploy -- staging|production`: checks the environment's settings (deploy-guard),
 * builds the widget, applies D1 migrations to that environment's remote database, then deploys
 * the Worker (and the script it serves) with wrangler.
 * Needs `npx wrangler login` (or CLOUDFLARE_API_TOKEN) and the first-time setup in DEPLOY.md.
 *
 * `--dry-run [--outdir DIR]` checks the settings and bundles the Worker without deploying
 * (what `npm test` runs); `--config FILE` reads another wrangler config (the guard's test).
 */
import { parseArgs } from 'node:util';
import { deployRefusals } from './lib/deploy-guard.ts';
import { ROOT, start } from './lib/run.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { 'dry-run': { type: 'boolean' }, outdir: { type: 'string' }, config: { type: 'string' } },
});
const env = positionals[0];
if (env !== 'staging' && env !== 'production') {
  console.error('Usage: npm run deploy -- staging | production [--dry-run [--outdir DIR]]');
  process.exit(2);
}
const config = values.config ?? `${ROOT}wrangler.jsonc`;
const refusals = deployRefusals(config, env);
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
    await step(`Bundle the Worker (${env}, dry run)`, 'wrangler', ['deploy', '--dry-run', '--config', config, '--env', env, ...outdir]);
    process.exit(0);
  }
  await step('Build the drop-in script', 'npm', ['run', 'build']);
  await step(`Apply D1 migrations (${env}, remote)`, 'wrangler', ['d1', 'migrations', 'apply', 'DB', '--remote', '--env', env]);
  await step(`Deploy the Worker (${env})`, 'wrangler', ['deploy', '--env', env]);
  console.log(`\nDeployed ${env}. Check it: curl -s <PUBLIC_ORIGIN>/api/health`);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
