import { describe, expect, it } from 'vitest';
import { barChart } from '../../worker/platform/pages/bar-chart.ts';

describe('the dashboards’ bar chart', () => {
  it('leaves room after the longest bar for its figures, however large, in both drawings', async () => {
    const format = (n: number) => n.toLocaleString('en-US');
    const chart = String(
      await barChart({ title: 'By society', id: 'by', rowHeader: 'Society', aLabel: 'Confirmed', bLabel: 'Pending', format, rows: [
        { label: 'ACR', a: 12_345, b: 678 },
        { label: 'RSNA', a: 40, b: 2 },
      ] }),
    );
    const drawings = [...chart.matchAll(/<svg[^>]*viewBox="0 0 (\d+) \d+"[^>]*>(.*?)<\/svg>/gs)];
    expect(drawings.map(([, width]) => width)).toEqual(['640', '280']);
    for (const [, width, body] of drawings) {
      // Each figure starts where its bar ends; at 7 px a character it must end inside the drawing.
      for (const [, x, text] of body!.matchAll(/<text x="([\d.]+)" y="\d+">([\d,]+ \+ [\d,]+)<\/text>/g)) {
        expect(Number(x) + text!.length * 7, `${text} in ${width}`).toBeLessThanOrEqual(Number(width));
      }
    }
    expect(chart).toContain('12,345 + 678');
  });
});
