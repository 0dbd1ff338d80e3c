/**
 * The dashboard picks whole reported months (closed, and 30 days past so late paper answers can no
 * longer change them): its default period, the month inputs of the page and the script's month
 * arithmetic (browser/months.ts) give exactly the ranges the reporting API accepts (query.ts), and
 * links with days (from when days could be picked) snap to the months they meant.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '#shared/config.ts';
import { LANGS } from '#shared/platform/i18n.ts';
import { firstDay, lastDay, monthOf, snapPeriod } from '#shared/reporting/browser/months.ts';
import { defaultPeriod, renderDashboard } from '#shared/reporting/dashboard-page.ts';
import { DASHBOARD_TEXT } from '#shared/reporting/dashboard-text.ts';
import { parseRangeQuery } from '#shared/reporting/query.ts';
import { lastReportedMonth, reportedFrom, unreportedMonths } from '#shared/reporting/periods.ts';
import { addDays } from '#shared/platform/time.ts';

const config = loadConfig();
/**
 * Helsinki dates around the edges of months and years, and a leap day; and around the ends of the
 * 30 days after a month in which late answers may still change it (the last day October 2026 is not
 * reported, 30 November, and the first it is, 1 December; the same for February 2028, which ends on a
 * leap day: 30 and 31 March).
 */
const TODAYS = [
  '2026-11-22',
  '2026-11-01',
  '2026-12-31',
  '2027-01-01',
  '2027-01-31',
  '2028-02-29',
  '2028-03-01',
  '2026-03-31',
  '2026-11-30',
  '2026-12-01',
  '2028-03-30',
  '2028-03-31',
];
const accepted = (from: string, to: string, today: string) => parseRangeQuery({ node: config.org.regionId, from, to }, today);

describe('the default period', () => {
  it('is the 12 months up to the newest reported one, which is reported from the 31st day after it ends', () => {
    // October 2026 ends on the 31st; late answers may change it through 30 November.
    expect(defaultPeriod('2026-11-30')).toEqual({ from: '2025-10-01', to: '2026-09-30' });
    expect(defaultPeriod('2026-12-01')).toEqual({ from: '2025-11-01', to: '2026-10-31' });
    expect(defaultPeriod('2026-12-22')).toEqual({ from: '2025-11-01', to: '2026-10-31' });
    expect(defaultPeriod('2026-12-30')).toEqual({ from: '2025-11-01', to: '2026-10-31' });
    // Across the year: December 2026 is reported from 31 January 2027.
    expect(defaultPeriod('2027-01-01')).toEqual({ from: '2025-12-01', to: '2026-11-30' });
    expect(defaultPeriod('2027-01-30')).toEqual({ from: '2025-12-01', to: '2026-11-30' });
    expect(defaultPeriod('2027-01-31')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    // February 2026 (28 days) is reported from 31 March; February 2028 (a leap day) too.
    expect(defaultPeriod('2026-03-31')).toEqual({ from: '2025-03-01', to: '2026-02-28' });
    expect(defaultPeriod('2028-03-30')).toEqual({ from: '2027-02-01', to: '2028-01-31' });
    expect(defaultPeriod('2028-03-31')).toEqual({ from: '2027-03-01', to: '2028-02-29' });
  });

  it.each(TODAYS)('ends with the newest month the API reports and is accepted by it, today %s', (today) => {
    const p = defaultPeriod(today);
    expect(p.to.slice(0, 7)).toBe(lastReportedMonth(today));
    expect(accepted(p.from, p.to, today)).toEqual({ node: config.org.regionId, ...p });
  });
});

describe('months in the script', () => {
  it('reads a month or the month of a real day, and nothing else', () => {
    expect(monthOf('2026-03')).toBe('2026-03');
    expect(monthOf('2026-03-14')).toBe('2026-03');
    expect(monthOf('2028-02-29')).toBe('2028-02');
    for (const bad of ['', '2026', '2026-3', '2026-13', '2026-00', '2026-02-29', '2026-04-31', '2026-03-00', '2026-03-14T00:00', 'abcd-ef'])
      expect(monthOf(bad), bad).toBeUndefined();
  });

  it('gives the first and last day of a month', () => {
    expect(firstDay('2026-02')).toBe('2026-02-01');
    expect([lastDay('2026-02'), lastDay('2028-02'), lastDay('2026-04'), lastDay('2026-12'), lastDay('2027-01')]).toEqual([
      '2026-02-28',
      '2028-02-29',
      '2026-04-30',
      '2026-12-31',
      '2027-01-31',
    ]);
  });

  it('snaps days and months to whole months, and cuts both ends at the newest reported month', () => {
    expect(snapPeriod('2026-03', '2026-05', '2026-10')).toEqual({ from: '2026-03-01', to: '2026-05-31' });
    expect(snapPeriod('2026-03-14', '2026-05-02', '2026-10')).toEqual({ from: '2026-03-01', to: '2026-05-31' });
    expect(snapPeriod('2026-03-01', '2026-10-31', '2026-10')).toEqual({ from: '2026-03-01', to: '2026-10-31' });
    expect(snapPeriod('2026-09-10', '2026-11-15', '2026-10')).toEqual({ from: '2026-09-01', to: '2026-10-31' });
    expect(snapPeriod('2026-11-02', '2027-01-15', '2026-10')).toEqual({ from: '2026-10-01', to: '2026-10-31' });
  });

  it('passes on what is no date, for the API to name in its 400', () => {
    expect(snapPeriod('x', '2026-05-02', '2026-10')).toEqual({ from: 'x', to: '2026-05-31' });
    expect(snapPeriod('2026-03-14', '2026-02-30', '2026-10')).toEqual({ from: '2026-03-01', to: '2026-02-30' });
  });

  it.each(TODAYS)('gives ranges the API accepts from any pair of days in order, today %s', (today) => {
    const closed = lastReportedMonth(today);
    const days = ['2025-12-31', '2026-01-01', '2026-02-14', '2026-10-31', '2026-11-01', '2026-11-22', '2027-01-20', '2028-02-29'];
    for (const from of days)
      for (const to of days) {
        if (from > to) continue;
        const p = snapPeriod(from, to, closed);
        if (p.from > p.to) continue;
        expect(accepted(p.from, p.to, today), `${from}..${to}`).toEqual({ node: config.org.regionId, ...p });
      }
  });
});

describe('the period filter of /admin', () => {
  it.each(LANGS)('has month inputs up to the newest reported month, no granularity and one line saying why, in %s', (lang) => {
    const t = DASHBOARD_TEXT[lang];
    // 22 December: October is the newest reported month (November still takes late answers).
    const { html } = renderDashboard({ config, lang, today: '2026-12-22', signIn: { kind: 'none' }, query: {} });
    const input = (id: string) => new RegExp(`<input id="${id}"[^>]*>`).exec(html)?.[0];
    expect(input('f-from')).toBe(
      '<input id="f-from" name="from" type="month" value="2025-11" max="2026-10" pattern="[0-9]{4}-[0-9]{2}" aria-describedby="f-why" required>',
    );
    expect(input('f-to')).toBe(
      '<input id="f-to" name="to" type="month" value="2026-10" max="2026-10" pattern="[0-9]{4}-[0-9]{2}" aria-describedby="f-why" required>',
    );
    expect(html).toContain(`<label for="f-from">${t.from}</label>`);
    expect(html).toContain(`<label for="f-to">${t.to}</label>`);
    expect(html.split(`<p id="f-why" class="why">${t.periodWhy}</p>`)).toHaveLength(2);
    expect(html).not.toMatch(/name="granularity"|id="f-gran"/);
    const cfg = JSON.parse(/<script type="application\/json" id="dash-config">(.*?)<\/script>/s.exec(html)![1]!) as Record<string, unknown>;
    expect([cfg.defaults, cfg.lastClosedMonth]).toEqual([{ from: '2025-11-01', to: '2026-10-31' }, '2026-10']);
  });
});

describe('months not reported yet', () => {
  it('are reported from the day lastReportedMonth first reaches them, and not a day before', () => {
    for (const month of ['2026-01', '2026-02', '2026-11', '2026-12', '2028-02']) {
      const day = reportedFrom(month);
      expect(lastReportedMonth(day)).toBe(month);
      expect(lastReportedMonth(addDays(day, -1)) < month).toBe(true);
    }
    expect(reportedFrom('2026-11')).toBe('2026-12-31');
  });

  it("run from the month after the newest reported one to today's month", () => {
    expect(unreportedMonths('2026-12-20')).toEqual([
      { month: '2026-11', from: '2026-12-31' },
      { month: '2026-12', from: '2027-01-31' },
    ]);
    expect(unreportedMonths('2026-12-31').map((m) => m.month)).toEqual(['2026-12']);
    expect(unreportedMonths('2027-01-01').map((m) => m.month)).toEqual(['2026-12', '2027-01']);
  });
});
