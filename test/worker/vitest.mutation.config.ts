import { mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * The Worker tests as StrykerJS runs them (`npm run mutation`): the same workerd + D1 pool,
 * without the tests that exercise no mutated module (the built script's SRI, the 1,000-body fuzz).
 */
export default async () =>
  mergeConfig(await (base as () => Promise<object>)(), {
    test: { exclude: ['test/worker/script.test.ts', 'test/worker/fuzz.test.ts'] },
  });
