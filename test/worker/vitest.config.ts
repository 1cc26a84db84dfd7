import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The Worker serves the built drop-in script from dist/ (wrangler.jsonc's assets), so a fresh
 * clone has to build it before the Worker can start: `npm run test:worker` does so when needed.
 */
function ensureBuilt(): void {
  if (existsSync(`${root}dist/rhec-pledge.json`)) return;
  console.log('dist/ is missing: building the drop-in script first (npm run build:assets)…');
  // In a process of its own: built inside vitest's, the build took lit-html's development copy
  // (vitest's NODE_ENV), which the template compiler cannot read, and a fresh clone's first
  // `npm run test:worker` failed before any test ran.
  const env = { ...process.env, NODE_ENV: 'production' };
  execFileSync('npm', ['run', '--silent', 'build:assets'], { cwd: root, env, stdio: 'inherit' });
}

/** Worker tests run inside workerd with real (local, SQLite) D1, configured from wrangler.jsonc. */
export default defineConfig(async () => {
  ensureBuilt();
  return {
    root,
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.jsonc' },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: await readD1Migrations(`${root}worker/migrations`),
            // Tests read counts straight after changing them; caching is tested separately.
            STATS_CACHE_SECONDS: '0',
            ADMIN_TOKEN: 'test-admin-token',
            IP_SALT: 'test-salt',
            TOKEN_SECRET: 'test-token-secret',
            TURNSTILE_SECRET: '',
          },
        },
      }),
    ],
    test: {
      include: ['test/worker/**/*.test.ts'],
      setupFiles: ['test/worker/apply-migrations.ts'],
      // Several tests drive thousands of real D1 writes and queue deliveries (3–5 s here when the
      // machine is idle): vitest's 5 s default failed one of them once while browser tests shared the
      // two cores. A limit on a hung test, not a timing assertion (speed is measured by `npm run bench`).
      testTimeout: 30_000,
    },
  };
});
