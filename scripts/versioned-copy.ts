import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

/**
 * Alongside dist/rhec-pledge.js, emits a content-addressed copy at dist/v/<hash>/rhec-pledge.js
 * (served immutable, for sites that pin a version) and dist/rhec-pledge.json naming it with its
 * Subresource Integrity hash.
 */
export function versionedCopy(version: string): Plugin {
  return {
    name: 'rhec-versioned-copy',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunk = Object.values(bundle).find((c) => c.type === 'chunk' && c.fileName === 'rhec-pledge.js');
      if (!chunk || chunk.type !== 'chunk') this.error('rhec-pledge.js was not built');
      const code = chunk.code;
      const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
      const path = `v/${hash}/rhec-pledge.js`;
      const integrity = `sha384-${createHash('sha384').update(code).digest('base64')}`;
      this.emitFile({ type: 'asset', fileName: path, source: code });
      this.emitFile({
        type: 'asset',
        fileName: 'rhec-pledge.json',
        source: `${JSON.stringify({ version, hash, path: `/${path}`, integrity }, null, 2)}\n`,
      });
    },
  };
}
