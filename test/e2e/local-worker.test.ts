/**
 * The test support's own `wrangler dev`: Workers started at the same moment (two checkouts' suites
 * on one machine, as CI and a developer run them) all start. Each takes its own test port; the
 * devtools inspector, which no test uses, must not be a port they race for: wrangler's default
 * looks for a free one from 9229 and binds it a moment later, so Workers starting together all
 * chose 9229 and all but one died with "Address already in use (socket "direct:1:default")".
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { startLocalWorker } from '../support/local-worker.ts';
import { testPort } from '../support/ports.ts';

it('starts three local Workers at once, each answering on its own port', async () => {
  const started = await Promise.allSettled([8871, 8872, 8873].map((port) => startLocalWorker({ port: testPort(port), origins: [] })));
  try {
    const failed = started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason).slice(0, 400)] : []));
    assert.deepEqual(failed, []);
    for (const s of started) {
      if (s.status !== 'fulfilled') continue;
      const res = await fetch(`${s.value.url}/api/health`);
      assert.equal(res.status, 200, s.value.url);
    }
  } finally {
    for (const s of started) if (s.status === 'fulfilled') await s.value.stop();
  }
});
