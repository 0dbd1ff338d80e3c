/**
 * Public results: NPS of the newest reported month (Helsinki; see `lastReportedMonth`) for the region, each service area
 * and each unit, from the month snapshots. Whole months, not a rolling window: a page that moved a
 * day at a time could be subtracted from the next one (window minus window leaves the day that
 * dropped out against the day that came in, and from the first page on, every day), whereas two
 * months' pages share no answer, so no page minus another reveals anything. The public threshold applies (default 10) with
 * complementary suppression within every parent shown on the page: service areas within the region,
 * units within their service; the page shows no services, but suppressing through them leaves every
 * service's hidden units holding 0 or at least the threshold, so a service area minus its shown units
 * is never a small group either. It starts from what the staff reports hide in that month
 * (visibility.ts), so the page never shows a cell they hide. No free text, no statement or channel
 * detail.
 */
import type { AppConfig, LocalizedText } from '../platform/index.ts';
import { lastReportedMonth, periodDays } from './periods.ts';
import type { AggregateStore } from './aggregate-store.ts';
import { suppressCellTree, type CellTree, type SuppressionThresholds } from './suppression.ts';
import { monthView, skeleton, type Skeleton } from './visibility.ts';
import { suppressionThresholds } from './settings.ts';
import { npsFigures, npsN, unitsUnder, type NpsFigures } from './report.ts';
import type { NpsCounts } from './nps.ts';

/** One row of the public page: figures, or hidden. */
export interface PublicRow {
  id: string;
  name: LocalizedText;
  suppressed: boolean;
  /** Present only when not suppressed. */
  figures?: NpsFigures;
}

/** Everything the public page shows. */
export interface PublicResults {
  /** The month shown, YYYY-MM. */
  month: string;
  from: string;
  to: string;
  threshold: number;
  region: PublicRow;
  serviceAreas: (PublicRow & { units: PublicRow[] })[];
}

/** What the public results read. */
export interface PublicResultsDeps {
  config: AppConfig;
  store: AggregateStore;
  thresholds?: SuppressionThresholds;
}

/**
 * The month the public page shows as of the Helsinki date `today`: the newest one reported
 * (`lastReportedMonth`: ended, and past the days in which late answers may still change it).
 */
export function publicWindow(today: string): { month: string; from: string; to: string } {
  const month = lastReportedMonth(today);
  const { first, last } = periodDays(month, 'month');
  return { month, from: first, to: last };
}

/** The public results as of the Helsinki date `today`. */
export async function publicResults(deps: PublicResultsDeps, today: string): Promise<PublicResults> {
  const { org } = deps.config;
  const threshold = (deps.thresholds ?? suppressionThresholds(deps.config.org)).public;
  const { month, from, to } = publicWindow(today);
  const region = org.node(org.regionId)!;
  const areas = org.children(region.id);
  const sk = skeleton(deps.config, region.id, true);
  const snaps = await deps.store.many(sk.ids, 'month', month);
  const counts = new Map([...snaps].map(([id, s]) => [id, s.counts]));
  // The whole tree, services included, from what the staff reports hide that month: the page hides
  // at least as much as they do, so a reader of both learns nothing the reports alone would not give.
  const internal = monthView(month, sk.root, counts, (deps.thresholds ?? suppressionThresholds(org)).internal);
  const cells = (s: Skeleton): CellTree => ({ id: s.id, counts: [npsN(internal.counts(s.id).nps)], children: s.children.map(cells) });
  const hidden = suppressCellTree(cells(sk.root), threshold, internal.hidden);
  const row = (id: string): PublicRow => {
    const c: NpsCounts = internal.counts(id).nps;
    const hide = hidden.has(id);
    return { id, name: org.node(id)!.name, suppressed: hide, ...(hide ? {} : { figures: npsFigures(c) }) };
  };
  return {
    month,
    from,
    to,
    threshold,
    region: row(region.id),
    serviceAreas: areas.map((a) => ({ ...row(a.id), units: unitsUnder(deps, a.id).map((u) => row(u.id)) })),
  };
}
