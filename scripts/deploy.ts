/**
 * `npm run deploy -- staging|production`: builds the widget, applies D1 migrations to that
 * environment's remote database, then deploys the Worker (and the script it serves) with wrangler.
 * Needs `npx wrangler login` (or CLOUDFLARE_API_TOKEN) and the first-time setup in DEPLOY.md.
 */
import { start } from './lib/run.ts';

const env = process.argv[2];
if (env !== 'staging' && env !== 'production') {
  console.error('Usage: npm run deploy -- staging | production');
  process.exit(2);
}

function step(title: string, tool: string, args: string[]): Promise<void> {
  console.log(`\n▶ ${title}`);
  return new Promise((resolve, reject) => {
    start(tool, args).on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${title} failed (exit ${code})`))));
  });
}

try {
  await step('Build the drop-in script', 'npm', ['run', 'build']);
  await step(`Apply D1 migrations (${env}, remote)`, 'wrangler', ['d1', 'migrations', 'apply', 'DB', '--remote', '--env', env]);
  await step(`Deploy the Worker (${env})`, 'wrangler', ['deploy', '--env', env]);
  console.log(`\nDeployed ${env}. Check it: curl -s <PUBLIC_ORIGIN>/api/health`);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
