/**
 * The kiosk's outbox: pledges kept in IndexedDB (through idb-keyval) until the pledge service
 * has them. Keyed by the pledge's idempotency key, so one pledge is one entry however often
 * it is saved, and sending it again after a crash or a reload still stores it once.
 * Survives reloads and browser restarts; never leaves this device but to the pledge service.
 */
import { createStore, del, entries, set, type UseStore } from 'idb-keyval';

export interface QueuedPledge {
  /** The request body, exactly as it will be sent (with its `id`). */
  body: { id: string } & Record<string, unknown>;
  /** When it was kept (ms since the epoch): pledges are sent oldest first. */
  savedAt: number;
}

let store: UseStore | undefined;
const db = () => (store ??= createStore('rhec-pledge-kiosk', 'pledges'));

export function keep(pledge: QueuedPledge): Promise<void> {
  return set(pledge.body.id, pledge, db());
}

export function forget(id: string): Promise<void> {
  return del(id, db());
}

/** Every kept pledge, oldest first. */
export async function waiting(): Promise<QueuedPledge[]> {
  const all = await entries<string, QueuedPledge>(db());
  return all.map(([, p]) => p).sort((a, b) => a.savedAt - b.savedAt);
}
