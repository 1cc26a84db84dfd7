import { Hono } from 'hono';

/** A constant answer with no I/O: the benchmarks' measure of the bare Worker (and a liveness probe). */
export const ping = new Hono<{ Bindings: Env }>();

ping.get('/', (c) => c.json({ ok: true }));
