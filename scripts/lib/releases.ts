/**
 * Releases kept across deploys. A deploy uploads dist/ as the Worker's assets, and dist/ holds
 * only the release just built: without this, every deploy would take away the content-addressed
 * copies (`/v/<hash>/…`) that partner sites pin (EMBEDDING.md: "that copy never changes"), and a
 * pinned script would stop loading at the next release.
 *
 * So before a deploy, `keepReleases` copies into dist/v/ every file the live service lists at
 * `/v/index.json` (and, from a service deployed before that list existed, the release its
 * `rhec-pledge.json` and `rhec-pledge-count.json` name, with the modules those scripts import),
 * each checked against the hash in its own path, then writes the new list. A release is retired
 * only when a maintainer names its hash (`npm run deploy -- production --retire <hash>`).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A kept file's path, as served: `/v/<16 hex>/<name>.js`. */
const RELEASED = /^\/v\/([0-9a-f]{16})\/([a-z][a-z-]*\.js)$/;
/** A release's hash: the 16 hex digits in its path (`/v/<hash>/rhec-pledge.js`), as `--retire` takes it. */
export const isReleaseHash = (hash: string): boolean => /^[0-9a-f]{16}$/.test(hash);
/** The released files a drop-in script imports, written in it as constants. */
const IMPORTED = /\/v\/[0-9a-f]{16}\/rhec-pledge-[a-z]+\.js/g;

export interface KeptReleases {
  /** Every `/v/…` path the deploy serves: this release's and the earlier ones kept. */
  files: string[];
  /** The earlier files copied into dist/v/ for this deploy. */
  carried: string[];
  /** Files the live service listed that were left out because their hash was named to retire. */
  retired: string[];
}

/** This release's `/v/…` files in `dist`. */
function builtReleaseFiles(dist: string): string[] {
  const root = join(dist, 'v');
  let hashes: string[];
  try {
    // Only the releases' folders: dist/v/ also holds the list itself (index.json, written by the build).
    hashes = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && /^[0-9a-f]{16}$/.test(d.name)).map((d) => d.name);
  } catch {
    return [];
  }
  return hashes.flatMap((hash) => readdirSync(join(root, hash)).map((file) => `/v/${hash}/${file}`)).filter((p) => RELEASED.test(p));
}

/**
 * Writes `dist/v/index.json` listing this build's own `/v/…` files, so the list EMBEDDING.md names
 * answers under `npm start` and in tests too. A deploy writes it again with the kept releases (`keepReleases`).
 */
export function listBuiltReleases(dist: string): string[] {
  const files = builtReleaseFiles(dist).sort();
  mkdirSync(join(dist, 'v'), { recursive: true });
  writeFileSync(join(dist, 'v', 'index.json'), `${JSON.stringify({ files }, null, 2)}\n`);
  return files;
}

async function fetchBytes(url: string, fetcher: typeof fetch): Promise<Buffer | null> {
  const res = await fetcher(url, { redirect: 'error' });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

const fetchText = async (url: string, fetcher: typeof fetch) => (await fetchBytes(url, fetcher))?.toString('utf8') ?? null;

/** What the live service serves under /v/: its list, or (before the list existed) its current release. */
async function liveFiles(origin: string, fetcher: typeof fetch): Promise<string[]> {
  const index = await fetchText(`${origin}/v/index.json`, fetcher);
  const parsed: unknown = index === null ? { files: [] } : JSON.parse(index);
  const listed = parsed !== null && typeof parsed === 'object' ? ((parsed as { files?: unknown }).files ?? []) : null;
  if (!Array.isArray(listed) || listed.some((f) => typeof f !== 'string')) throw new Error(`${origin}/v/index.json is not a list of files`);
  const files = new Set(listed as string[]);
  return [...(await withCurrentRelease(origin, fetcher, files))];
}

/** The release the live service's manifests name, with the modules its script imports (for a service deployed before the list). */
async function withCurrentRelease(origin: string, fetcher: typeof fetch, files: Set<string>): Promise<Set<string>> {
  for (const name of ['rhec-pledge', 'rhec-pledge-count']) {
    const manifest = await fetchText(`${origin}/${name}.json`, fetcher);
    const path = manifest === null ? undefined : (JSON.parse(manifest) as { path?: unknown }).path;
    if (typeof path !== 'string' || files.has(path)) continue;
    if (!RELEASED.test(path)) throw new Error(`${origin}/${name}.json names "${path}", which is not a released file's path`);
    files.add(path);
    const script = await fetchText(origin + path, fetcher);
    for (const imported of script?.match(IMPORTED) ?? []) files.add(imported);
  }
  return files;
}

/** Whether a fetch failed because nothing answered at all (no such host, refused, timed out), not for what it answered. */
function unreachable(err: unknown): boolean {
  const code = (err as { cause?: { code?: unknown } })?.cause?.code;
  return err instanceof TypeError && typeof code === 'string' && /^(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|UND_ERR_CONNECT_TIMEOUT)$/.test(code);
}

/**
 * Copies the live service's earlier releases into `dist/v/` (leaving out the hashes in
 * `retire`) and writes `dist/v/index.json` listing every file this deploy will serve.
 * Throws, so the deploy stops, if the live service cannot be read or a file does not match its
 * hash: deploying without them would take pinned copies away.
 */
export async function keepReleases(
  dist: string,
  origin: string,
  options: { retire?: string[]; fetch?: typeof fetch; firstDeploy?: boolean } = {},
): Promise<KeptReleases> {
  const fetcher = options.fetch ?? fetch;
  const retire = new Set(options.retire ?? []);
  const built = builtReleaseFiles(dist);
  const base = origin.replace(/\/+$/, '');
  // A hash that retires nothing was once passed over in silence: the maintainer believed a release gone that is still served.
  for (const h of retire) {
    if (!isReleaseHash(h)) throw new Error(`--retire ${h}: a release's hash is the 16 hex digits in its path (/v/<hash>/rhec-pledge.js); nothing was deployed.`);
    if (built.some((path) => RELEASED.exec(path)?.[1] === h)) throw new Error(`--retire ${h}: that is the release this deploy builds, not an earlier one; nothing was deployed.`);
    if (options.firstDeploy) throw new Error(`--retire ${h}: a first deploy (--first-deploy) has no earlier release to retire; nothing was deployed.`);
  }
  let live: string[] = [];
  if (options.firstDeploy) {
    // Only where nothing is served yet: a live service's releases would be taken away.
    const current = await fetcher(`${base}/rhec-pledge.json`, { redirect: 'manual' }).then((r) => r.status, () => 0);
    if (current === 200) throw new Error(`${base} already serves a release (/rhec-pledge.json): this is not its first deploy. Run without --first-deploy, so its releases are kept.`);
  } else {
    try {
      live = await liveFiles(base, fetcher);
    } catch (err) {
      if (unreachable(err)) {
        throw new Error(`${base} could not be reached to read the releases it serves. If nothing is deployed there yet (this environment's first deploy), run again with --first-deploy.`);
      }
      throw new Error(`the releases ${base} serves could not be read (${(err as Error).message}${(err as { cause?: Error }).cause ? `: ${(err as { cause: Error }).cause.message}` : ''}); nothing was deployed.`);
    }
  }
  for (const h of retire) {
    if (!live.some((path) => RELEASED.exec(path)?.[1] === h)) throw new Error(`--retire ${h}: ${base} serves no release with that hash (its list is ${base}/v/index.json); nothing was deployed.`);
  }
  // Each earlier file, checked against its hash, in memory until all are read.
  const code = new Map<string, Buffer>();
  const retired: string[] = [];
  for (const path of live) {
    const m = RELEASED.exec(path);
    if (!m) throw new Error(`the live service lists "${path}", which is not a released file's path`);
    if (built.includes(path)) continue;
    if (retire.has(m[1]!)) {
      retired.push(path);
      continue;
    }
    const bytes = await fetchBytes(base + path, fetcher);
    if (bytes === null) throw new Error(`${base}${path} is listed but not served`);
    // The path's hash is the first 16 hex digits of the file's SHA-256 (scripts/versioned-copy.ts, lazy-modules.ts).
    if (createHash('sha256').update(bytes).digest('hex').slice(0, 16) !== m[1]) throw new Error(`${base}${path} does not match its hash`);
    code.set(path, bytes);
  }
  // A module is kept while a kept script imports it: retiring a script retires the modules only it
  // used, and a retired module that a kept script still imports would break that script.
  const scripts = [...code].filter(([path]) => path.endsWith('/rhec-pledge.js'));
  const imported = new Set(scripts.flatMap(([, bytes]) => bytes.toString('utf8').match(IMPORTED) ?? []));
  for (const path of imported) {
    if (retired.includes(path)) throw new Error(`${path} cannot be retired: a release still kept imports it (retire that release too)`);
  }
  for (const path of [...code.keys()]) {
    if (/\/rhec-pledge-(after|kiosk)\.js$/.test(path) && !imported.has(path)) {
      code.delete(path);
      retired.push(path);
    }
  }
  for (const [path, bytes] of code) {
    mkdirSync(dirname(join(dist, path)), { recursive: true });
    writeFileSync(join(dist, path), bytes);
  }
  const carried = [...code.keys()].sort();
  const files = [...new Set([...built, ...carried])].sort();
  mkdirSync(join(dist, 'v'), { recursive: true });
  writeFileSync(join(dist, 'v', 'index.json'), `${JSON.stringify({ files }, null, 2)}\n`);
  return { files, carried, retired: retired.sort() };
}
