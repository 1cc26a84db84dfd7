/**
 * The whole pledge pipeline under load: pledges posted at N connections, then timed until
 * every one is stored AND its confirmation email handed to the transport (outbox row `sent`).
 * Reports the drain rate (pledges fully processed per second, from the first request to the
 * last email) and the CPU time the local runtime spent per pledge (request + ingest consumer +
 * email consumer up to the binding), read from /proc for the `wrangler dev` process group.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { LocalWorker } from '../../test/support/local-worker.ts';
import { load, type LoadResult } from './api-load.ts';

const TICK_MS = 10; // /proc times are in clock ticks of 1/100 s (getconf CLK_TCK)

export interface Cpu {
  /** workerd: the Worker itself, plus local D1 (SQLite), the local queue broker and rate limiter. */
  workerd: number;
  /** wrangler's Node process (the dev proxy, and the local send_email, which writes files). */
  node: number;
}

/** A /proc `stat` line's fields from field 3 (state) on: the command name, in parentheses, may hold spaces. */
const statFields = (stat: string) => stat.slice(stat.lastIndexOf(')') + 2).split(' ');
/** CPU milliseconds in those fields: 14 and 15, utime and stime. */
const cpuMsOf = (fields: string[]) => (Number(fields[11]) + Number(fields[12])) * TICK_MS;

/** The processes of process group `pgid`, from /proc: pid, command name and /proc/<pid>/stat's fields from field 3 on. */
export function groupProcesses(pgid: number): { pid: string; comm: string; fields: string[] }[] {
  const found: { pid: string; comm: string; fields: string[] }[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = statFields(stat);
    if (Number(fields[2]) === pgid) found.push({ pid, comm, fields }); // field 5: process group
  }
  return found;
}

/** CPU milliseconds used so far by every live process in this process group. */
export function groupCpu(pgid: number): Cpu {
  const cpu: Cpu = { workerd: 0, node: 0 };
  for (const { comm, fields } of groupProcesses(pgid)) {
    const ms = cpuMsOf(fields);
    if (comm.includes('workerd')) cpu.workerd += ms;
    else cpu.node += ms;
  }
  return cpu;
}

/**
 * CPU milliseconds used so far by each thread of this process group's workerd processes, by
 * `pid/tid`. Under `wrangler dev` one workerd thread runs the Worker together with its local D1,
 * Queues and rate-limit simulators, so that thread, not the machine's two cores, is what a load
 * saturates: `threadMsBetween` reads it.
 */
export function workerdThreadCpu(pgid: number): Map<string, number> {
  const threads = new Map<string, number>();
  for (const { pid, comm } of groupProcesses(pgid)) {
    if (!comm.includes('workerd')) continue;
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // exited meanwhile
    }
    for (const tid of tids) {
      try {
        threads.set(`${pid}/${tid}`, cpuMsOf(statFields(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'))));
      } catch {
        /* exited meanwhile */
      }
    }
  }
  return threads;
}

/** CPU ms of the thread `of` names (or, without one, the busiest) between two readings; and which thread it was. */
export function threadMsBetween(before: Map<string, number>, after: Map<string, number>, of?: string): { thread: string; ms: number } {
  const used = [...after].map(([t, ms]) => [t, ms - (before.get(t) ?? 0)] as const);
  const [thread, ms] = of ? (used.find(([t]) => t === of) ?? [of, 0]) : (used.sort((a, b) => b[1] - a[1])[0] ?? ['', 0]);
  return { thread, ms };
}

/** The local D1 database file of a `wrangler dev --persist-to` state folder, read-only. */
export function openLocalD1(worker: LocalWorker): DatabaseSync {
  const dir = join(worker.persistTo, 'v3', 'd1', 'miniflare-D1DatabaseObject');
  const file = readdirSync(dir).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
  if (!file) throw new Error(`no local D1 database in ${dir}`);
  return new DatabaseSync(join(dir, file), { readOnly: true });
}

export interface PipelineResult {
  load: LoadResult;
  accepted: number;
  stored: number;
  sent: number;
  /** Pledges per second from the first request until the last one's email was handed over. */
  drainPerSecond: number;
  seconds: number;
  /** CPU ms per pledge, by process. */
  cpuPerPledge: Cpu;
  /** CPU ms per pledge of the busiest workerd thread (the Worker's, with its simulators), and which thread it was. */
  workerThread: { thread: string; msPerPledge: number };
}

/** Posts `pledges` pledges tagged `tag` at `connections`, then waits for every email to be sent. */
export async function measurePipeline(
  worker: LocalWorker,
  tag: string,
  pledges: number,
  connections: number,
  /** Second octet of the pledges' client addresses (distinct per run, so the per-IP limit never trips). */
  ipBase = 1,
): Promise<PipelineResult> {
  const db = openLocalD1(worker);
  const counts = db.prepare(
    `SELECT (SELECT count(*) FROM pledges WHERE email LIKE ?1) AS stored,
            (SELECT count(*) FROM email_outbox o JOIN pledges p ON p.id = o.pledge_id
              WHERE p.email LIKE ?1 AND o.status = 'sent') AS sent`,
  );
  let n = 0;
  const started = Date.now();
  const before = groupCpu(worker.pid);
  const threadsBefore = workerdThreadCpu(worker.pid);
  const result = await load(`POST /api/pledges (${tag})`, `${worker.url}/api/pledges`, connections, { amount: pledges }, () => {
    n++;
    return {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': `10.${ipBase & 255}.${(n >> 8) & 255}.${n & 255}` },
      body: JSON.stringify({ partner: 'rsna', name: "Pipeline Pledger", email: `${tag}.${n}@example.org`, role: 'radiologist', commitment: true }),
    };
  });
  let stored = 0;
  let sent = 0;
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    ({ stored, sent } = counts.get(`${tag}.%`) as { stored: number; sent: number });
    if (sent >= result.accepted) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = (Date.now() - started) / 1000;
  const after = groupCpu(worker.pid);
  const thread = threadMsBetween(threadsBefore, workerdThreadCpu(worker.pid));
  db.close();
  const per = (ms: number) => ms / Math.max(result.accepted, 1);
  return {
    load: result,
    accepted: result.accepted,
    stored,
    sent,
    seconds,
    drainPerSecond: result.accepted / seconds,
    cpuPerPledge: { workerd: per(after.workerd - before.workerd), node: per(after.node - before.node) },
    workerThread: { thread: thread.thread, msPerPledge: per(thread.ms) },
  };
}

/**
 * CPU ms per request of a load run, including whatever the requests set off afterwards:
 * `settled` waits for that (e.g. pledges stored) before the CPU is read again.
 */
export async function cpuPerRequest(
  worker: LocalWorker,
  run: () => Promise<LoadResult>,
  settled: (result: LoadResult) => Promise<unknown> = async () => {},
): Promise<{ result: LoadResult; cpu: Cpu }> {
  const before = groupCpu(worker.pid);
  const result = await run();
  await settled(result);
  const after = groupCpu(worker.pid);
  const requests = Math.max(result.total, 1);
  return { result, cpu: { workerd: (after.workerd - before.workerd) / requests, node: (after.node - before.node) / requests } };
}

/** Waits until `count()` reaches `target` (or gives up after `timeoutMs`); returns the last count. */
export async function until(count: () => number, target: number, timeoutMs = 180_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let n = count();
  while (n < target && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    n = count();
  }
  return n;
}
