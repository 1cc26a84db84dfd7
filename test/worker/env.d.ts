declare namespace Cloudflare {
  interface Env {
    /** The migrations in worker/migrations, read by the vitest config. */
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
  }
}
