/**
 * Public results: NPS of the last whole calendar month (Helsinki) for the region, each service area
 * and each unit, from the month snapshots. Whole months, not a rolling window: a page that moved a
 * day at a time could be subtracted from the next one (window minus window leaves the day that
 * dropped out against the day that came in, and from the first page on, every day), whereas two
 * months' pages share no answer, so no page minus another reveals anything. The public threshold applies (default 10) with
 * complementary suppression within every parent shown on the page: service areas within the region,
 * units within their service area (the page shows no services, so the service area is the total a
 * reader could subtract from). Because the whole tree is on one page, a hidden service area always
 * has a hidden unit too (see `suppressTree`). No free text, no statement or channel detail.
 */
import { type AppConfig, type LocalizedText, addDays } from '../platform/index.ts';
import { periodDays } from './periods.ts';
import type { AggregateStore } from './aggregate-store.ts';
import { sumCounts } from './counts.ts';
import { suppressTree, type CountTree, type SuppressionThresholds } from './suppression.ts';
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

/** The last whole calendar month before the Helsinki date `today`: its YYYY-MM, first and last day. */
export function publicWindow(today: string): { month: string; from: string; to: string } {
  const month = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
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
  const ids = [region.id, ...areas.map((a) => a.id), ...areas.flatMap((a) => unitsUnder(deps, a.id).map((u) => u.id))];
  const counts = new Map(
    await Promise.all(
      ids.map(async (id) => [id, sumCounts((await deps.store.range(id, 'month', month, month)).map((s) => s.counts)).nps] as const),
    ),
  );
  const tree: CountTree = {
    id: region.id,
    n: npsN(counts.get(region.id)!),
    children: areas.map((a) => ({
      id: a.id,
      n: npsN(counts.get(a.id)!),
      children: unitsUnder(deps, a.id).map((u) => ({ id: u.id, n: npsN(counts.get(u.id)!), children: [] })),
    })),
  };
  const hidden = suppressTree(tree, threshold);
  const row = (id: string): PublicRow => {
    const c: NpsCounts = counts.get(id)!;
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
