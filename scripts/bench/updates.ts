/**
 * The updates benchmark (issue 11, item 8): one update sent to 50,000 local confirmed pledgers who
 * chose "keep me informed", with 10 % of sends failing temporarily and the Worker killed once mid-send.
 *
 *   - `wrangler dev` on a fresh local D1 state folder, seeded before it starts, straight into the
 *     local D1's SQLite file (node:sqlite, one transaction), with people who must get nothing:
 *     opted out, unconfirmed, withdrawn, flagged, and suppressed (their address's keyed hash in
 *     email_suppressions, as a bounce webhook would put it);
 *   - EMAIL_TRANSPORT=sink: each email is composed as for real, then its outbox id is POSTed to a
 *     counting server in this process (the provider's stand-in), which outlives the Worker's kill
 *     and counts every hand-off per recipient, whatever the outbox says. It answers 503 to the first
 *     hand-off of 10 % of the recipients (chosen by a hash of the outbox id: the same ones every run),
 *     so those go through the outbox's real retry path (queued again, retried after the backoff);
 *   - the update is created and sent over the admin API; once a share of the audience has been
 *     handed over, wrangler dev and its workerd are killed (SIGKILL), then started again on the same
 *     state. Locally, wrangler's queues live in memory, so the kill loses every queued message
 *     (Cloudflare Queues would keep them): what is left is the outbox in D1, which the Cron's sweeper
 *     and fan-out resume pick up. The bench fires the Cron once (`/__scheduled?time=`) with its clock
 *     set past the sweeper's cutoffs instead of waiting them out in real time;
 *   - reported: time to snapshot, time to drain, sent vs recipients, hand-offs per recipient (the
 *     sink's count), failures retried, and workerd's resident memory during the fan-out. A small
 *     sample with wrangler's local send_email binding shows what the real local binding costs.
 *
 * `npm run bench:updates` runs it alone and rewrites its own section of BENCHMARKS.md;
 * `npm run bench` runs it after the other benchmarks. BENCH_UPDATES_RECIPIENTS sets the size.
 */
import { execSync } from 'node:child_process';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { startLocalWorker, TEST_ADMIN_TOKEN, type LocalWorker } from '../../test/support/local-worker.ts';
import { testPort } from '../../test/support/ports.ts';
import { ROOT } from '../lib/run.ts';
import { groupCpu, groupProcesses, openLocalD1 } from './pipeline.ts';

const TOKEN_SECRET = 'bench-updates-token-secret-not-a-real-one';
const PARTNERS = ['rsna', 'sir', 'acr', 'arrs', 'aur', 'scard', 'abr'];
const ROLES = ['radiologist', 'trainee', 'technologist', 'physicist', 'nurse', 'leader', 'other'];
/** People in each group that must get nothing. */
const CONTROLS = ['opted-out', 'unconfirmed', 'withdrawn', 'flagged', 'suppressed'] as const;
type Group = 'audience' | (typeof CONTROLS)[number];

export interface UpdatesBenchOptions {
  recipients: number;
  /** Of each control group. */
  controls: number;
  failPercent: number;
  /** Kill the Worker once this share of the audience has been handed over. */
  killAt: number;
  rate: number;
  /** Recipients of the local send_email sample (0: skip it). */
  bindingSample: number;
}

export const DEFAULT_OPTIONS: UpdatesBenchOptions = {
  recipients: Number(process.env.BENCH_UPDATES_RECIPIENTS) || 50_000,
  controls: Number(process.env.BENCH_UPDATES_CONTROLS) || 200,
  failPercent: 10,
  killAt: 0.4,
  rate: Number(process.env.BENCH_UPDATES_RATE) || 250,
  bindingSample: Number(process.env.BENCH_UPDATES_SAMPLE ?? 1000),
};

// ---- the provider's stand-in -------------------------------------------------------------------

interface Sink {
  url: string;
  /** Every POST per outbox id (failed ones included). */
  posts: Map<string, number>;
  /** Successful hand-offs per outbox id: a recipient's count above 1 is a duplicate. */
  handed: Map<string, number>;
  failures: number;
  close(): Promise<void>;
}

/** Whether the first hand-off of this outbox id fails (the same ids every run). */
export const failsFirst = (key: string, percent: number) => createHash('sha256').update(key).digest().readUInt16BE(0) % 100 < percent;

async function startSink(port: number, failPercent: number): Promise<Sink> {
  const posts = new Map<string, number>();
  const handed = new Map<string, number>();
  const sink = { posts, handed, failures: 0 } as Sink;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      let key: string;
      try {
        key = String((JSON.parse(body) as { key: string }).key);
      } catch {
        res.writeHead(400).end();
        return;
      }
      const n = (posts.get(key) ?? 0) + 1;
      posts.set(key, n);
      if (n === 1 && failsFirst(key, failPercent)) {
        sink.failures++;
        res.writeHead(503).end();
        return;
      }
      handed.set(key, (handed.get(key) ?? 0) + 1);
      res.writeHead(200).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  sink.url = `http://127.0.0.1:${port}/hand-off`;
  sink.close = () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  return sink;
}

// ---- seeding -----------------------------------------------------------------------------------

function d1File(persistTo: string): string {
  const dir = join(persistTo, 'v3', 'd1', 'miniflare-D1DatabaseObject');
  const file = readdirSync(dir).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
  if (!file) throw new Error(`no local D1 database in ${dir}`);
  return join(dir, file);
}

/** The suppression list's key for an address (worker/updates/consent.ts, with this Worker's TOKEN_SECRET). */
const addressHash = (email: string) => createHmac('sha256', `suppression:${TOKEN_SECRET}`).update(email.trim().toLowerCase()).digest('hex');

/**
 * Seeds the pledges straight into the local D1 file, in one transaction, before wrangler dev starts
 * (inserting 50,000 rows through `wrangler d1 execute` would take minutes). Returns each pledge's group.
 */
function seed(persistTo: string, recipients: number, controls: number, tag: string): Map<string, Group> {
  const db = new DatabaseSync(d1File(persistTo));
  const groups = new Map<string, Group>();
  const confirmedAt = new Date(Date.now() - 86_400_000).toISOString();
  const insert = db.prepare(
    `INSERT INTO pledges (id, partner_id, email, name, role, updates, lang, status, created_at, confirmed_at, flagged, flag_reason, withdrawn_at, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const suppress = db.prepare(`INSERT INTO email_suppressions (address_hash, reason, source) VALUES (?, 'bounce', 'bench')`);
  const add = (group: Group, i: number) => {
    const id = randomUUID();
    const email = `${tag}.${group}.${i}@example.org`;
    const status = group === 'unconfirmed' ? 'pending' : group === 'withdrawn' ? 'withdrawn' : 'confirmed';
    insert.run(
      id, PARTNERS[i % PARTNERS.length]!, email, 'Bench Pledger', ROLES[i % ROLES.length]!, group === 'opted-out' ? 0 : 1, i % 5 === 0 ? 'es' : 'en',
      status, confirmedAt, status === 'pending' ? null : confirmedAt, group === 'flagged' ? 1 : 0, group === 'flagged' ? 'rate_limit' : null,
      group === 'withdrawn' ? confirmedAt : null, confirmedAt,
    );
    if (group === 'suppressed') suppress.run(addressHash(email));
    groups.set(id, group);
  };
  db.exec('BEGIN');
  for (let i = 0; i < recipients; i++) add('audience', i);
  for (const group of CONTROLS) for (let i = 0; i < controls; i++) add(group, i);
  db.exec('COMMIT');
  db.close();
  return groups;
}

// ---- measuring ---------------------------------------------------------------------------------

/** Resident memory (KiB) of each workerd in the `wrangler dev` process group. */
function workerdRss(pgid: number): number {
  let kib = 0;
  for (const { pid, comm } of groupProcesses(pgid)) {
    if (!comm.includes('workerd')) continue;
    try {
      kib += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      /* exited meanwhile */
    }
  }
  return kib;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function api<T>(worker: LocalWorker, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${worker.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json().catch(() => ({}))) as T };
}

interface Figures {
  status: string;
  recipients: number;
  sent: number;
  failed: number;
  suppressed: number;
  skipped: number;
}

const UPDATE = {
  subject: { en: 'What the coalition did this autumn', es: 'Lo que hizo la coalición este otoño' },
  body: {
    en: '## Thank you\n\nYou pledged, and **12 societies** have now signed on. Three things happened:\n\n- a toolkit for departments\n- a webinar on access\n- [the report](https://example.org/report)\n',
    es: '## Gracias\n\nUsted se comprometió, y ya se sumaron **12 sociedades**. Pasaron tres cosas:\n\n- un kit para departamentos\n- un seminario sobre acceso\n- [el informe](https://example.org/report)\n',
  },
};

export interface UpdatesRun {
  recipients: number;
  audience: number;
  rate: number;
  failPercent: number;
  seedSeconds: number;
  /** POST …/send → every outbox row present (snapshot_done). */
  snapshotSeconds: number;
  rowsAfterSnapshot: number;
  /** POST …/send → every row settled (sent, or skipped as suppressed). */
  drainSeconds: number;
  /** Of which: the Worker down, from the kill until it answered again. */
  downSeconds: number;
  killedAfter: { handed: number; seconds: number; enqueued: number; enqueueDone: boolean; sending: number };
  cronFirings: number;
  /** The outbox as the restarted Worker found it. */
  atRestart: { claimed: number; queued: number; retrying: number; handedButClaimed: number };
  figures: Figures;
  /** From the sink. */
  handedDistinct: number;
  handedTotal: number;
  duplicates: number;
  maxPerRecipient: number;
  controlsHanded: number;
  sinkFailures: number;
  posts: number;
  /** Rows a dead consumer left in doubt (failed: 'interrupted'), and how many of them the sink had taken. */
  interrupted: number;
  interruptedHanded: number;
  /** From the outbox: rows sent on a second (or later) attempt. */
  retriedRows: number;
  maxAttempts: number;
  rss: { baselineMiB: number; peakBeforeKillMiB: number; peakAfterRestartMiB: number; restartBaselineMiB: number };
  cpuMsPerEmail: number;
  /** wrangler's Node process (its dev proxy; the local send_email binding's file writing). */
  nodeCpuMsPerEmail: number;
  ok: boolean;
}

/** One send of one update to a seeded audience; `kill` kills the Worker once mid-send. */
async function runSend(options: {
  port: number;
  sinkPort: number;
  recipients: number;
  controls: number;
  failPercent: number;
  rate: number;
  transport: 'sink' | 'cloudflare';
  killAt: number | null;
  log: (s: string) => void;
}): Promise<UpdatesRun> {
  const { log } = options;
  const sink = await startSink(options.sinkPort, options.failPercent);
  const tag = `upd${Date.now().toString(36)}`;
  let groups = new Map<string, Group>();
  let seedSeconds = 0;
  const vars = {
    STATS_CACHE_SECONDS: '10',
    EMAIL_TRANSPORT: options.transport,
    EMAIL_SINK_URL: sink.url,
    EMAIL_RATE_PER_SECOND: String(options.rate),
    TOKEN_SECRET,
  };
  log(`  seeding ${options.recipients.toLocaleString('en')} confirmed pledgers who chose keep-informed, and ${options.controls} of each of ${CONTROLS.join(', ')}`);
  let worker = await startLocalWorker({
    port: options.port,
    origins: [],
    vars,
    seed: (dir) => {
      const t = Date.now();
      groups = seed(dir, options.recipients, options.controls, tag);
      seedSeconds = (Date.now() - t) / 1000;
    },
  });
  const persistTo = worker.persistTo;
  const db = openLocalD1(worker);
  const stateOf = db.prepare(`SELECT status, snapshot_done, snapshot_count, enqueue_done, enqueue_cursor FROM updates WHERE id = ?`);
  const countRows = db.prepare(`SELECT status, count(*) AS n, max(attempts) AS maxAttempts, sum(attempts > 1) AS retried FROM email_outbox WHERE id > ? AND id < ? GROUP BY status`);
  const enqueuedRows = db.prepare(`SELECT count(*) AS n FROM email_outbox WHERE id > ? AND id <= ?`);
  const queuedRetrying = db.prepare(`SELECT count(*) AS n FROM email_outbox WHERE id > ? AND id < ? AND status = 'queued' AND attempts > 0`);
  const claimedNow = db.prepare(`SELECT 1 FROM email_outbox WHERE id = ? AND status = 'sending'`);
  let atRestart: UpdatesRun['atRestart'] = { claimed: 0, queued: 0, retrying: 0, handedButClaimed: 0 };

  try {
    const created = await api<{ id: string; recipients: number }>(worker, '/api/admin/updates', UPDATE);
    if (created.status !== 201) throw new Error(`POST /api/admin/updates answered ${created.status}: ${JSON.stringify(created.json)}`);
    const id = created.json.id;
    const audience = created.json.recipients;
    const [from, to] = [`update:${id}:`, `update:${id};`];
    log(`  update ${id}: audience ${audience.toLocaleString('en')} (the draft's count)`);

    const rssBaseline = workerdRss(worker.pid);
    let cpu = 0;
    let nodeCpu = 0;
    let cpuMark = groupCpu(worker.pid);
    let peakBefore = rssBaseline;
    let peakAfter = 0;
    let restartBaseline = 0;
    let phase: 'before' | 'down' | 'after' = 'before';
    const sampler = setInterval(() => {
      if (phase === 'down') return;
      const rss = workerdRss(worker.pid);
      if (phase === 'before') peakBefore = Math.max(peakBefore, rss);
      else peakAfter = Math.max(peakAfter, rss);
    }, 200);

    const started = Date.now();
    const send = await api(worker, `/api/admin/updates/${id}/send`, {});
    if (send.status !== 202) throw new Error(`…/send answered ${send.status}`);

    let snapshotSeconds = 0;
    let rowsAfterSnapshot = 0;
    let downSeconds = 0;
    let killedAfter: UpdatesRun['killedAfter'] = { handed: 0, seconds: 0, enqueued: 0, enqueueDone: false, sending: 0 };
    let cronFirings = 0;
    let lastProgress = Date.now();
    let lastHanded = 0;
    const settled = () => {
      const rows = countRows.all(from, to) as { status: string; n: number; maxAttempts: number; retried: number }[];
      const by = Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number>;
      return { rows, by, pending: (by.queued ?? 0) + (by.sending ?? 0), total: rows.reduce((s, r) => s + r.n, 0) };
    };
    const fireCron = async () => {
      // Two hours ahead: past every sweeper cutoff (queued 5 min, retried 90 min, claimed 30 min; idle fan-out 10 min).
      // (miniflare's trigger route: wrangler's own /__scheduled drops the time)
      const res = await fetch(`${worker.url}/cdn-cgi/local/scheduled?cron=${encodeURIComponent('*/5 * * * *')}&time=${Date.now() + 2 * 3_600_000}`);
      if (!res.ok) throw new Error(`/cdn-cgi/local/scheduled answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
      cronFirings++;
    };

    const deadline = started + 3 * 3_600_000;
    let lastLog = 0;
    for (;;) {
      await sleep(250);
      const state = stateOf.get(id) as { status: string; snapshot_done: number; snapshot_count: number; enqueue_done: number; enqueue_cursor: string };
      if (!snapshotSeconds && state.snapshot_done) {
        snapshotSeconds = (Date.now() - started) / 1000;
        rowsAfterSnapshot = state.snapshot_count;
        log(`  snapshot: ${rowsAfterSnapshot.toLocaleString('en')} outbox rows in ${snapshotSeconds.toFixed(1)} s`);
      }
      const handed = sink.handed.size;
      if (handed !== lastHanded) {
        lastHanded = handed;
        lastProgress = Date.now();
      }
      if (Date.now() - lastLog > 15_000) {
        lastLog = Date.now();
        log(`  ${((Date.now() - started) / 1000).toFixed(0)} s: ${handed.toLocaleString('en')} handed over, ${sink.failures} failed first hand-offs`);
      }
      if (options.killAt !== null && phase === 'before' && handed >= options.killAt * options.recipients) {
        const enqueued = state.enqueue_cursor ? (enqueuedRows.get(from, state.enqueue_cursor) as { n: number }).n : 0;
        const sending = settled().by.sending ?? 0;
        killedAfter = { handed, seconds: (Date.now() - started) / 1000, enqueued, enqueueDone: !!state.enqueue_done, sending };
        const c = groupCpu(worker.pid);
        cpu += c.workerd - cpuMark.workerd;
        nodeCpu += c.node - cpuMark.node;
        phase = 'down';
        const down = Date.now();
        await worker.kill();
        log(`  killed wrangler dev (SIGKILL) after ${killedAfter.seconds.toFixed(1)} s: ${handed.toLocaleString('en')} handed over, ${enqueued.toLocaleString('en')} rows enqueued${state.enqueue_done ? ' (fan-out done)' : ''}, ${sending} rows claimed`);
        worker = await startLocalWorker({ port: options.port, origins: [], vars, persistTo });
        downSeconds = (Date.now() - down) / 1000;
        cpuMark = groupCpu(worker.pid);
        restartBaseline = workerdRss(worker.pid);
        const left = settled().rows;
        atRestart = {
          claimed: left.find((r) => r.status === 'sending')?.n ?? 0,
          queued: left.find((r) => r.status === 'queued')?.n ?? 0,
          retrying: (queuedRetrying.get(from, to) as { n: number }).n,
          handedButClaimed: [...sink.handed.keys()].filter((k) => claimedNow.all(k).length).length,
        };
        phase = 'after';
        await fireCron();
        log(`  restarted on the same state in ${downSeconds.toFixed(1)} s; fired the Cron (2 h ahead)`);
        lastProgress = Date.now();
        continue;
      }
      const s = settled();
      if (state.snapshot_done && state.enqueue_done && s.pending === 0 && s.total === rowsAfterSnapshot) break;
      // The sweeper puts back at most SWEEP_MAX_ROWS a run, paced (5,000 at 250 a second: 20 s), so a backlog
      // left by the kill takes several runs: the next fires once the last run's rows have gone (at the edge, every 5 minutes).
      if (Date.now() - lastProgress > 30_000) {
        log(`  no hand-off for 30 s (${s.pending} rows pending): firing the Cron again`);
        await fireCron();
        lastProgress = Date.now();
      }
      if (Date.now() > deadline) throw new Error('the send did not drain within 3 hours');
    }
    const drainSeconds = (Date.now() - started) / 1000;
    const c = groupCpu(worker.pid);
    cpu += c.workerd - cpuMark.workerd;
    nodeCpu += c.node - cpuMark.node;
    clearInterval(sampler);
    if (phase === 'before') peakAfter = 0;

    const figures = (await api<Figures>(worker, `/api/admin/updates/${id}`)).json;
    const final = settled();
    let handedTotal = 0;
    let duplicates = 0;
    let maxPerRecipient = 0;
    let controlsHanded = 0;
    for (const [key, n] of sink.handed) {
      handedTotal += n;
      if (n > 1) duplicates++;
      maxPerRecipient = Math.max(maxPerRecipient, n);
      const group = groups.get(key.slice(from.length));
      if (group !== 'audience') controlsHanded++;
    }
    const posts = [...sink.posts.values()].reduce((a, b) => a + b, 0);
    const interruptedIds = (db.prepare(`SELECT id FROM email_outbox WHERE id > ? AND id < ? AND status = 'failed' AND last_error = 'interrupted'`).all(from, to) as { id: string }[]).map((r) => r.id);
    const run: UpdatesRun = {
      recipients: options.recipients,
      audience,
      rate: options.rate,
      failPercent: options.failPercent,
      seedSeconds,
      snapshotSeconds,
      rowsAfterSnapshot,
      drainSeconds,
      downSeconds,
      killedAfter,
      cronFirings,
      atRestart,
      figures,
      handedDistinct: sink.handed.size,
      handedTotal,
      duplicates,
      maxPerRecipient,
      controlsHanded,
      sinkFailures: sink.failures,
      posts,
      interrupted: interruptedIds.length,
      interruptedHanded: interruptedIds.filter((k) => sink.handed.has(k)).length,
      retriedRows: final.rows.reduce((s, r) => s + (r.retried ?? 0), 0),
      maxAttempts: Math.max(...final.rows.map((r) => r.maxAttempts ?? 0)),
      rss: { baselineMiB: rssBaseline / 1024, peakBeforeKillMiB: peakBefore / 1024, peakAfterRestartMiB: peakAfter / 1024, restartBaselineMiB: restartBaseline / 1024 },
      cpuMsPerEmail: cpu / Math.max(figures.sent, 1),
      nodeCpuMsPerEmail: nodeCpu / Math.max(figures.sent, 1),
      ok: false,
    };
    const expectSent = options.recipients;
    run.ok =
      figures.status === 'sent' &&
      figures.sent + run.interrupted === expectSent &&
      figures.recipients === expectSent + options.controls &&
      figures.suppressed === options.controls &&
      figures.failed === run.interrupted &&
      figures.skipped === 0 &&
      (options.transport !== 'sink' || (run.handedDistinct === figures.sent + run.interruptedHanded && duplicates === 0 && controlsHanded === 0));
    return run;
  } finally {
    db.close();
    await worker.stop();
    rmSync(persistTo, { recursive: true, force: true }); // a restarted Worker leaves the folder it was given
    await sink.close();
  }
}

export interface UpdatesBenchResult {
  options: UpdatesBenchOptions;
  main: UpdatesRun;
  sample: { sink: UpdatesRun; binding: UpdatesRun } | null;
  totalSeconds: number;
}

export async function benchUpdates(options: UpdatesBenchOptions = DEFAULT_OPTIONS, log: (s: string) => void = console.log): Promise<UpdatesBenchResult> {
  const t = Date.now();
  const port = testPort(8821);
  const sinkPort = testPort(8822);
  let sample: UpdatesBenchResult['sample'] = null;
  if (options.bindingSample > 0) {
    // Unpaced (the highest EMAIL_RATE_PER_SECOND), so the machine, not the pacing, sets the drain.
    const common = { port, sinkPort, recipients: options.bindingSample, controls: 5, failPercent: 0, rate: 10_000, killAt: null, log };
    log(`Updates: ${options.bindingSample} recipients with wrangler's local send_email binding`);
    const binding = await runSend({ ...common, transport: 'cloudflare' });
    log(`  drained in ${binding.drainSeconds.toFixed(1)} s`);
    log(`Updates: the same ${options.bindingSample} with the counting sink`);
    const sink = await runSend({ ...common, transport: 'sink' });
    log(`  drained in ${sink.drainSeconds.toFixed(1)} s`);
    sample = { sink, binding };
  }
  log(`Updates: ${options.recipients.toLocaleString('en')} recipients, ${options.failPercent} % failing once, the Worker killed once at ${Math.round(options.killAt * 100)} %`);
  const main = await runSend({ port, sinkPort, recipients: options.recipients, controls: options.controls, failPercent: options.failPercent, rate: options.rate, transport: 'sink', killAt: options.killAt, log });
  return { options, main, sample, totalSeconds: (Date.now() - t) / 1000 };
}

// ---- the report --------------------------------------------------------------------------------

const commit = () => {
  const head = execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
  return execSync('git status --porcelain -- . ":(exclude)BENCHMARKS.md"', { cwd: ROOT }).toString().trim() ? `${head} (with uncommitted changes)` : head;
};
const START = '<!-- bench:updates -->';
const END = '<!-- /bench:updates -->';
const n = (x: number) => x.toLocaleString('en');
const s1 = (x: number) => `${x.toFixed(1)} s`;
const mib = (x: number) => `${x.toFixed(0)} MiB`;

export function updatesSection(r: UpdatesBenchResult, heading = '## 8. Updates: one send to 50,000 pledgers'): string {
  const m = r.main;
  const f = m.figures;
  const rate = (run: UpdatesRun) => run.figures.sent / run.drainSeconds;
  const sample = r.sample;
  const dominates = sample ? rate(sample.sink) / rate(sample.binding) : 0;
  const cpuOf = (run: UpdatesRun) => run.cpuMsPerEmail + run.nodeCpuMsPerEmail;
  const cpuRatio = sample ? cpuOf(sample.binding) / cpuOf(sample.sink) : 0;
  return `${START}
${heading}

Measured by \`npm run bench:updates\` (also the last part of \`npm run bench\`) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, commit \`${commit()}\`; the whole
benchmark took ${(r.totalSeconds / 60).toFixed(1)} minutes. **The machine is shared** (2 cores; other work may have run meanwhile),
so read wall-clock times as this machine at that hour, not as the edge.

Set-up: \`wrangler dev\` on a fresh local D1, seeded before it starts straight into the local D1's SQLite file (node:sqlite, one
transaction, ${s1(m.seedSeconds)}) with **${n(m.recipients)} confirmed pledgers who chose "keep me informed"** (7 societies, 7 roles, one in five Spanish)
and ${r.options.controls} each of people who must get nothing: opted out, unconfirmed, withdrawn, flagged, and suppressed (a bounce on the
suppression list). The update (English and Spanish Markdown) is created with \`POST /api/admin/updates\` and sent with
\`POST /api/admin/updates/:id/send\`. \`EMAIL_RATE_PER_SECOND=${m.rate}\`.
Transport: \`EMAIL_TRANSPORT=sink\`: each email is composed as for real (Markdown, three signed links, headers), then its outbox id —
only the id — is POSTed to a counting server in the benchmark's own process, the provider's stand-in. It counts every hand-off per
recipient, whatever the outbox says, and outlives the Worker's kill. It answers **503 to the first hand-off of ${m.failPercent} % of the
recipients** (chosen by a hash of the outbox id, so the same ones every run): those go through the outbox's real retry path (row queued again,
retried after the 10 s backoff).
The kill: once ${n(m.killedAfter.handed)} recipients had been handed over (${s1(m.killedAfter.seconds)} after send; ${n(m.killedAfter.enqueued)} rows put on the queue by then${m.killedAfter.enqueueDone ? ', the fan-out finished' : ', the fan-out still enqueueing'}; ${m.killedAfter.sending} rows claimed),
\`wrangler dev\` and its workerd were killed with SIGKILL and started again on the same state (down ${s1(m.downSeconds)}). Locally, wrangler's queues live
in memory (miniflare's queue broker), so the kill lost every queued message, delayed retries included — harsher than at the edge, where
Cloudflare Queues keep them. What survives is the outbox in D1. The restarted Worker found ${n(m.atRestart.claimed)} rows claimed by the dead consumer
(\`sending\`; ${m.atRestart.handedButClaimed} of them already handed over, per the sink), ${n(m.atRestart.queued)} queued (${n(m.atRestart.retrying)} of them awaiting a retry after a 503), and the fan-out's cursors.
Right after the restart the benchmark fired the Cron (\`/cdn-cgi/local/scheduled?time=\`) with its clock **2 hours ahead**
(the sweeper runs on the Cron's scheduled time), past the sweeper's cutoffs (a lost message: 5 min; a lost retry: 90 min; a claim by a dead consumer:
30 min; an idle fan-out: 10 min), instead of waiting them out (${m.cronFirings} firing${m.cronFirings === 1 ? '' : 's'}: each run puts back at most 5,000 rows, paced (\`SWEEP_MAX_ROWS\` in sweep.ts), and the next was fired once no hand-off had come for 30 s). At the edge, after such a loss, those cutoffs are real waiting time, and the Cron runs every 5 minutes.

| figure | measured |
| --- | --- |
| recipients (outbox rows: the audience at send time, suppressed included) | **${n(f.recipients)}** (draft's audience count: ${n(m.audience)}) |
| time to snapshot (send → every outbox row present) | **${s1(m.snapshotSeconds)}** (${n(m.rowsAfterSnapshot)} rows) |
| time to drain (send → every row sent or skipped), kill and restart included | **${s1(m.drainSeconds)}** (${(f.sent / m.drainSeconds).toFixed(0)} emails/s overall; down ${s1(m.downSeconds)}) |
| sent | **${n(f.sent)}**${f.sent === m.recipients ? ` = the ${n(m.recipients)} who may be written to, exactly` : ` of the ${n(m.recipients)} who may be written to; ${m.interrupted} left in doubt by the killed consumer (failed: \`interrupted\`, never handed over again; the sink had taken ${m.interruptedHanded} of them, so ${m.interruptedHanded} got it once and ${m.interrupted - m.interruptedHanded} got nothing)`}; suppressed ${n(f.suppressed)}, failed ${f.failed}, skipped ${f.skipped}; status \`${f.status}\` |
| hand-offs per recipient (the sink's own count) | **${m.duplicates === 0 ? '0 duplicates' : `${m.duplicates} duplicates`}**: ${n(m.handedDistinct)} recipients, ${n(m.handedTotal)} successful hand-offs, at most ${m.maxPerRecipient} per recipient |
| people who must get nothing, handed over | **${m.controlsHanded}** of ${CONTROLS.length * r.options.controls} |
| failures retried | ${n(m.sinkFailures)} hand-offs answered 503 (${((m.sinkFailures / m.posts) * 100).toFixed(1)} % of ${n(m.posts)} POSTs); ${n(m.retriedRows)} rows took more than one attempt (at most ${m.maxAttempts}); every one sent |
| workerd resident memory (all workerd processes of \`wrangler dev\`, sampled every 200 ms) | idle ${mib(m.rss.baselineMiB)} → peak ${mib(m.rss.peakBeforeKillMiB)} during the fan-out before the kill; after the restart ${mib(m.rss.restartBaselineMiB)} → peak ${mib(m.rss.peakAfterRestartMiB)} |
| workerd CPU per email (fan-out, claim, compose, sign, hand-off, mark; local D1 and queues included) | ${m.cpuMsPerEmail.toFixed(2)} ms |
| result | ${m.ok ? 'every check met' : '**a check failed: see the figures**'} |

What the fan-out itself holds: the snapshot is an INSERT … SELECT of up to 5,000 pledges per D1 statement (no row passes through
the isolate), and each enqueue step reads at most 1,000 outbox ids; the resident memory above is workerd as a whole (the Worker's
isolate, local D1's SQLite, the local queue broker holding every queued message, and the consumers).
${
  sample
    ? `
**Does wrangler's local \`send_email\` dominate?** The same update to ${n(sample.binding.recipients)} recipients (no failures, no kill, unpaced:
\`EMAIL_RATE_PER_SECOND=10000\`), once with the local binding (which writes every message to files and logs it, in wrangler's Node process
on the same cores) and once with the sink:

| transport | drain | emails/s | CPU per email: workerd + wrangler's Node |
| --- | --- | --- | --- |
| local \`send_email\` binding | ${s1(sample.binding.drainSeconds)} | ${rate(sample.binding).toFixed(0)} | ${sample.binding.cpuMsPerEmail.toFixed(2)} + ${sample.binding.nodeCpuMsPerEmail.toFixed(2)} ms |
| sink (counting server) | ${s1(sample.sink.drainSeconds)} | ${rate(sample.sink).toFixed(0)} | ${sample.sink.cpuMsPerEmail.toFixed(2)} + ${sample.sink.nodeCpuMsPerEmail.toFixed(2)} ms |

${
  dominates > 1.25 || cpuRatio > 1.25
    ? `With the local binding the drain is ${dominates.toFixed(2)}× slower and each email costs ${cpuRatio.toFixed(2)}× the CPU (workerd + Node): at ${n(m.recipients)} recipients a good part of the drain would measure wrangler's local file writing (which the Email Service does elsewhere at the edge), not the Worker, which is why the figures above use the counting transport (it also counts hand-offs per recipient outside the Worker, across the kill, and fails some on purpose, which the local binding cannot).`
    : `With the local binding the drain is ${dominates.toFixed(2)}× and the CPU per email ${cpuRatio.toFixed(2)}× the sink's: it does not dominate here; the counting transport is used above because it counts hand-offs per recipient outside the Worker, across the kill, and fails some on purpose, which the local binding cannot.`
}`
    : ''
}
${END}`;
}

/** Puts the section into BENCHMARKS.md: in place of the last one, or at the end. */
export function writeUpdatesSection(section: string): void {
  const file = `${ROOT}BENCHMARKS.md`;
  const md = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const a = md.indexOf(START);
  const b = md.indexOf(END);
  const next = a >= 0 && b > a ? md.slice(0, a) + section + md.slice(b + END.length) : `${md.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}

if (import.meta.main) {
  const result = await benchUpdates();
  const section = updatesSection(result);
  writeUpdatesSection(section);
  console.log(`\n${section}`);
  if (!result.main.ok) process.exitCode = 1;
}
