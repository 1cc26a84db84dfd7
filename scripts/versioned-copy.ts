import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

/**
 * Alongside dist/<name>.js (rhec-pledge, rhec-pledge-count), emits a content-addressed copy at
 * dist/v/<hash>/<name>.js (served immutable, for sites that pin a version) and dist/<name>.json
 * naming it with its Subresource Integrity hash.
 */
export function versionedCopy(version: string, name = 'rhec-pledge'): Plugin {
  return {
    name: 'rhec-versioned-copy',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunk = Object.values(bundle).find((c) => c.type === 'chunk' && c.fileName === `${name}.js`);
      if (!chunk || chunk.type !== 'chunk') this.error(`${name}.js was not built`);
      const code = chunk.code;
      const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
      const path = `v/${hash}/${name}.js`;
      const integrity = `sha384-${createHash('sha384').update(code).digest('base64')}`;
      this.emitFile({ type: 'asset', fileName: path, source: code });
      this.emitFile({
        type: 'asset',
        fileName: `${name}.json`,
        source: `${JSON.stringify({ version, hash, path: `/${path}`, integrity }, null, 2)}\n`,
      });
    },
  };
}
