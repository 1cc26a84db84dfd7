import { startLocalWorker } from '../../test/support/local-worker.ts';
import { load } from './api-load.ts';
import { cpuPerRequest, measurePipeline } from './pipeline.ts';
import { profileWorker } from './profile.ts';
const worker = await startLocalWorker({ port: 8797 + 400, origins: [], vars: { STATS_CACHE_SECONDS: '10', EMAIL_TRANSPORT: process.argv[2] ?? 'discard' }, args: ['--inspector-port', '9629'] });
try {
  await measurePipeline(worker, 'warm', 200, 50);
  const bare = await cpuPerRequest(worker, () => load('bare', `${worker.url}/api/ping`, 50, { seconds: 5 }));
  console.log('bare', Math.round(bare.result.rps), bare.result.p99, bare.cpu);
  const p = await measurePipeline(worker, 'probe', 1500, 50);
  console.log('rps', Math.round(p.load.rps), 'p99', p.load.p99, 'accepted', p.accepted, 'stored', p.stored, 'sent', p.sent, 'drain/s', p.drainPerSecond.toFixed(1), 's', p.seconds, 'cpu/pledge', p.cpuPerPledge);
  if (process.argv[3]) {
  const r = await profileWorker(9629, () => measurePipeline(worker, 'prof', 1000, 50), 30);
  console.log('sampled ms', r.sampledMs);
  for (const l of r.lines) console.log(l.ms.toFixed(0).padStart(6), (l.share*100).toFixed(1).padStart(5), l.where);
  }
} finally { await worker.stop(); }
