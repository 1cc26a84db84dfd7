/** Lists the built release's content-addressed files at dist/v/index.json (scripts/lib/releases.ts). */
import { join } from 'node:path';
import { listBuiltReleases } from './lib/releases.ts';
import { ROOT } from './lib/run.ts';

console.log(`dist/v/index.json: ${listBuiltReleases(join(ROOT, 'dist')).length} files`);
