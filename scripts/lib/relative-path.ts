/**
 * The same outline in fewer bytes (the page is to weigh under 60 KB): each ring's first point as
 * it was, then each next point as its step from the one before (`l`, the same whole pixels, so
 * nothing moves), the same point twice in a row once, and each further ring moved to from where
 * the last one closed (`m`). `M1,2L4,2L4,6Z` becomes `M1,2l3,0 0,4Z`.
 */
export function relativePath(d: string): string {
  let start: [number, number] | null = null;
  return d
    .split('M')
    .filter(Boolean)
    .map((ring) => {
      const points = ring
        .replace(/Z$/, '')
        .split('L')
        .map((p) => p.split(',').map(Number) as [number, number])
        .filter((p, i, all) => i === 0 || p[0] !== all[i - 1]![0] || p[1] !== all[i - 1]![1]);
      const [x0, y0] = points[0]!;
      const move = start ? `m${x0 - start[0]}${y0 - start[1] < 0 ? '' : ','}${y0 - start[1]}` : `M${x0},${y0}`;
      start = [x0, y0];
      const steps = points.slice(1).map(([x, y], i) => {
        const [px, py] = points[i]!;
        const step = `${x - px}${y - py < 0 ? '' : ','}${y - py}`;
        return i && !step.startsWith('-') ? ` ${step}` : step;
      });
      return `${move}l${steps.join('')}Z`;
    })
    .join('');
}
