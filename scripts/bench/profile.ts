/**
 * A CPU profile of the Worker under load, through `wrangler dev --inspector-port` (the Chrome
 * DevTools protocol): the functions holding the most self time, grouped by source file.
 */
export interface ProfileLine {
  where: string;
  ms: number;
  share: number;
}

interface CdpProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Connects to an inspector target's WebSocket; returns a function that sends a CDP command. */
export async function connectTo(url: string) {
  // The inspector proxy accepts only local (or DevTools) origins; Node's WebSocket takes headers.
  const ws = new WebSocket(url, { headers: { Origin: 'http://127.0.0.1' } } as unknown as string[]);
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', reject, { once: true });
  });
  let id = 0;
  const pending = new Map<number, (result: unknown) => void>();
  ws.addEventListener('message', (event) => {
    const msg = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (msg.id !== undefined) pending.get(msg.id)?.(msg.result);
  });
  const send = <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method}: no answer from ${url}`)), 30_000);
      pending.set(++id, (r) => (clearTimeout(timer), resolve(r as T)));
      ws.send(JSON.stringify({ id, method, params }));
    });
  return { send, close: () => ws.close() };
}

/** Connects to the first inspector target. */
async function connect(inspectorPort: number) {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as { webSocketDebuggerUrl: string; title?: string }[];
  const target = targets.find((t) => t.webSocketDebuggerUrl);
  if (!target) throw new Error('no inspector target');
  return connectTo(target.webSocketDebuggerUrl);
}

/** Profiles the Worker while `during` runs; returns the top `top` places by self time. */
export async function profileWorker(inspectorPort: number, during: () => Promise<unknown>, top = 12): Promise<{ lines: ProfileLine[]; sampledMs: number; shares: { d1: number; queues: number; limiter: number } }> {
  const cdp = await connect(inspectorPort);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await during();
  const { profile } = await cdp.send<{ profile: CdpProfile }>('Profiler.stop');
  cdp.close();

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  // A sample stands for the time until the next one (as DevTools counts it), capped at 1.5
  // sampling periods: V8 takes none while the thread runs another isolate (the local D1's, the
  // queue broker's), and an uncapped gap charged their time to whatever this isolate ran last.
  const gaps = profile.timeDeltas.slice(1).sort((a, b) => a - b);
  const cap = (gaps[Math.floor(gaps.length / 2)] ?? 0) * 1.5;
  profile.samples.forEach((nodeId, i) => {
    const frame = byId.get(nodeId)?.callFrame;
    if (!frame || frame.functionName === '(idle)' || frame.functionName === '(program)') return;
    const ms = Math.min(profile.timeDeltas[i + 1] ?? 0, cap) / 1000;
    const file = frame.url.replace(/^.*\/(node_modules\/(?:@[^/]+\/)?[^/]+|worker|src)\//, '$1/').replace(/\?.*$/, '');
    const where = `${frame.functionName || '(anonymous)'} ${file ? `(${file})` : ''}`.trim();
    self.set(where, (self.get(where) ?? 0) + ms);
    total += ms;
  });
  const groups = { d1: 0, queues: 0, limiter: 0 };
  for (const [where, ms] of self) {
    if (/d1-api/.test(where)) groups.d1 += ms;
    else if (/^(send|sendBatch) |^(send|sendBatch)$|queue/i.test(where)) groups.queues += ms;
    else if (/ratelimit/.test(where)) groups.limiter += ms;
  }
  const lines = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([where, ms]) => ({ where, ms, share: ms / Math.max(total, 1e-9) }));
  const share = (ms: number) => ms / Math.max(total, 1e-9);
  return { lines, sampledMs: total, shares: { d1: share(groups.d1), queues: share(groups.queues), limiter: share(groups.limiter) } };
}
