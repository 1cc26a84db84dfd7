import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Worker tests run inside workerd with real (local, SQLite) D1, configured from wrangler.jsonc. */
export default defineConfig(async () => ({
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
  },
}));
