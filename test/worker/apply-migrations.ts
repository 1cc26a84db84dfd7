import { applyD1Migrations, env } from 'cloudflare:test';

// The same numbered migrations production runs, applied to this test file's D1.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
