/** Figures in each page language (shared/reporting/numbers.ts): Intl's conventions with a real minus and signed NPS. */
import { describe, expect, it } from 'vitest';
import { numberFormats } from '#shared/reporting/numbers.ts';

const NBSP = '\u00a0';
const MINUS = '\u2212';

describe('numberFormats', () => {
  it.each([
    ['fi', `4,3`, `${MINUS}6`, '+36', `19${NBSP}%`, `1${NBSP}234`],
    ['sv', `4,3`, `${MINUS}6`, '+36', `19${NBSP}%`, `1${NBSP}234`],
    ['en', '4.3', `${MINUS}6`, '+36', '19%', '1,234'],
  ] as const)('writes %s with its decimal mark, a real minus and "+" on a positive NPS', (lang, mean, neg, pos, share, count) => {
    const f = numberFormats(lang);
    expect(f.dec(4.3)).toBe(mean);
    expect(f.nps(-6)).toBe(neg);
    expect(f.nps(36)).toBe(pos);
    expect(f.nps(0)).toBe('0');
    expect(f.nps(null)).toBe('–');
    expect(f.pct(0.19)).toBe(share);
    expect(f.int(1234).replace(/\u202f/g, NBSP)).toBe(count);
  });

  it('writes intervals as en-dash ranges of signed whole points, never with a hyphen', () => {
    for (const lang of ['fi', 'sv', 'en'] as const) {
      const f = numberFormats(lang);
      expect(f.ci([-19.6, 36.4])).toBe(`${MINUS}20 – +36`);
      expect(f.ci([19.4, 36.6])).toBe('+19 – +37');
      expect(f.ci([-40, -6])).toBe(`${MINUS}40 – ${MINUS}6`);
      expect(f.ci([4.6, 5.4])).toBe('+5–+5');
      expect(f.ci(null)).toBe('–');
      expect(f.ci([-100, 100])).not.toMatch(/-/);
    }
  });
});
