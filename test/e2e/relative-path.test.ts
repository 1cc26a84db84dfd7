/**
 * The map's outlines are written as steps from point to point (scripts/lib/relative-path.ts), so
 * /impact stays under 60 KB (issue 14): they must draw exactly the points d3-geo gave, in whole pixels.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { relativePath } from '../../scripts/lib/relative-path.ts';
import { MAP_HEIGHT, MAP_WIDTH, STATE_PATHS } from '../../worker/impact/generated/us-map.ts';

/** The rings of a path of M/m, L/l and Z, as absolute points. */
function rings(d: string): [number, number][][] {
  const out: [number, number][][] = [];
  let at: [number, number] = [0, 0];
  let start = at;
  for (const [, command, args] of d.matchAll(/([MmLlZ])([^MmLlZ]*)/g)) {
    if (command === 'Z') {
      at = start;
      continue;
    }
    const n = (args!.match(/-?\d+/g) ?? []).map(Number);
    for (let i = 0; i < n.length; i += 2) {
      at = command === command!.toLowerCase() ? [at[0] + n[i]!, at[1] + n[i + 1]!] : [n[i]!, n[i + 1]!];
      if (i === 0 && /[Mm]/.test(command!)) out.push([(start = at)]);
      else out.at(-1)!.push(at);
    }
  }
  return out;
}

describe("the map's paths", () => {
  it('steps from point to point, and moves to each further ring from where the last closed', () => {
    assert.equal(relativePath('M1,2L4,2L4,6Z'), 'M1,2l3,0 0,4Z');
    assert.equal(relativePath('M10,10L12,8L12,8L9,7ZM20,30L21,30L21,31Z'), 'M10,10l2-2-3-1Zm10,20l1,0 0,1Z');
  });

  it('draws the same points as the absolute path it came from (seeded random rings)', () => {
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), Math.floor((seed / 2 ** 31) * n));
    for (let run = 0; run < 200; run++) {
      const absolute = Array.from({ length: 1 + next(3) }, () =>
        `M${Array.from({ length: 3 + next(12) }, () => `${next(975)},${next(610)}`).join('L')}Z`,
      ).join('');
      const dedupe = (r: [number, number][][]) => r.map((ring) => ring.filter((p, i) => !i || p[0] !== ring[i - 1]![0] || p[1] !== ring[i - 1]![1]));
      assert.deepEqual(rings(relativePath(absolute)), dedupe(rings(absolute)), absolute);
    }
  });

  it("keeps every state inside the map's box, Alaska's western Aleutians included (none cut off)", () => {
    const outside: string[] = [];
    let west = Infinity;
    for (const [code, d] of Object.entries(STATE_PATHS)) {
      if (code === 'US-DC') continue; // a dot drawn with arcs at its centre
      for (const [x, y] of rings(d).flat()) {
        if (code === 'US-AK') west = Math.min(west, x);
        if (x < 0 || y < 0 || x > MAP_WIDTH || y > MAP_HEIGHT) outside.push(`${code} ${x},${y}`);
      }
    }
    assert.deepEqual(outside.slice(0, 5), []);
    // The box is used: the map reaches within a few pixels of its left edge.
    assert.ok(west <= 5, `Alaska's westernmost point at x=${west}`);
  });

});
