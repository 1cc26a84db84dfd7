/**
 * The kiosk's outbox: pledges kept in IndexedDB (through idb-keyval) until the pledge service
 * has them. Keyed by the pledge's idempotency key, so one pledge is one entry however often
 * it is saved, and sending it again after a crash or a reload still stores it once.
 * Survives reloads and browser restarts; never leaves this device but to the pledge service.
 */
import { del, promisifyRequest, set, values, type UseStore } from 'idb-keyval';

export interface QueuedPledge {
  /** The request body, exactly as it will be sent (with its `id`). */
  body: { id: string } & Record<string, unknown>;
  /** When it was kept (ms since the epoch): pledges are sent oldest first. */
  savedAt: number;
}

let dbp: Promise<IDBDatabase> | undefined;
/**
 * idb-keyval's `createStore`, but with every transaction `strict`: a write is done only once it is
 * on the disk. Chromium's default ("relaxed") may say a pledge is kept while it is still in the
 * operating system's cache, and a power cut then loses a pledge the tablet said was saved.
 */
const db: UseStore = (mode, use) =>
  (dbp ??= (() => {
    const open = indexedDB.open('rhec-pledge-kiosk');
    open.onupgradeneeded = () => open.result.createObjectStore('pledges');
    const p = promisifyRequest(open);
    // Opened again when the connection is closed (Safari sometimes closes it) or could not be opened.
    p.then((db) => (db.onclose = () => (dbp = undefined)), () => (dbp = undefined));
    return p;
  })()).then((db) => use(db.transaction('pledges', mode, { durability: 'strict' }).objectStore('pledges')));

export function keep(pledge: QueuedPledge): Promise<void> {
  return set(pledge.body.id, pledge, db);
}

export function forget(id: string): Promise<void> {
  return del(id, db);
}

/** Every kept pledge, oldest first. */
export async function waiting(): Promise<QueuedPledge[]> {
  return (await values<QueuedPledge>(db)).sort((a, b) => a.savedAt - b.savedAt);
}
