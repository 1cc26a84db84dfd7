import { applyD1Migrations, env } from 'cloudflare:test';
import { afterEach, beforeEach, vi } from 'vitest';

// The same numbered migrations production runs, applied to this test file's D1.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

// Every test starts with the email provider idle: the pacing budget every paced sender shares
// (enqueue.ts, reservePace) runs on the real clock, and a test's fan-out or sweep would otherwise
// leave the next test's paced emails minutes behind it. (Tests of the sharing build it up themselves.)
beforeEach(async () => {
  await env.DB.prepare('UPDATE email_pace SET free_at = 0').run();
});

// A test that holds Date still (vi.useFakeTimers({ toFake: ['Date'] })) and times out before its own
// `finally` would leave the next test a frozen clock.
afterEach(() => {
  vi.useRealTimers();
});
