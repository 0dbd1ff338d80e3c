/**
 * The dashboard's browser script. It is type-checked here with the DOM types, and the page inlines
 * its source (`dashboardClient.toString()`) under a CSP hash: no other host, no framework, no build
 * step. So the function must stay self-contained — it may use types from outside, never values.
 *
 * What it does: takes the access token from the sign-in redirect (`#token=` locally, `?code=` from
 * Cognito with PKCE) into sessionStorage and off the URL; reads the org nodes the token names; fills
 * the node picker with those nodes and everything below them; fetches the reporting API with
 * `Authorization: Bearer`; draws the NPS trend (inline SVG with its 95 % band), statement shares,
 * channel and respondent mix and the children for drill-down, each with a data table.
 */
import type { NodeKind, Lang } from '../platform/index.ts';
import type { DashboardText } from './dashboard-text.ts';
import type { NpsFigures } from './report.ts';

/** How staff sign in: the local stack's demo page, Cognito's hosted UI, or not at all. */
export type SignInConfig =
  | { kind: 'dev'; url: string }
  | { kind: 'cognito'; authUrl: string; clientId: string; scope: string; redirectUri?: string }
  | { kind: 'none' };

/** What the page hands its script, as JSON in `<script type="application/json" id="dash-config">`. */
export interface DashConfig {
  lang: Lang;
  text: DashboardText;
  /** The org tree in config order: ids and names only, no data. */
  tree: { id: string; parentId?: string; kind: NodeKind; name: string }[];
  /** Labels of the agreement scale 1–5. */
  scale: string[];
  signIn: SignInConfig;
  defaults: { from: string; to: string; granularity: Granularity };
}

type Granularity = 'day' | 'week' | 'month';
/** The reporting API's figures of one cell, as the server types them. */
type Figures = NpsFigures;
type Cell = ({ period: string } & Figures) | { period: string; suppressed: true };
type Named = Record<Lang, string>;
interface NpsReport {
  series: Cell[];
  total: Cell;
}
type StatementRow =
  | { id: string; text: Named | null; values: number[]; cantSay: number; n: number; shareAgreeing: number | null; mean: number | null }
  | { id: string; text: Named | null; suppressed: true };
interface ChildrenReport {
  children: ({ node: string; name: Named } & Cell)[];
}
interface BreakdownReport {
  groups: ({ group: string } & Cell)[];
}
interface State {
  node: string;
  from: string;
  to: string;
  granularity: Granularity;
}

export function dashboardClient(): void {
  const cfg = JSON.parse(document.getElementById('dash-config')!.textContent!) as DashConfig;
  const T = cfg.text;
  const L = cfg.lang;
  const TOKEN = 'palaute.token';
  const REFRESH = 'palaute.refresh';
  const PKCE = 'palaute.pkce';
  const WHO = 'palaute.who';
  const SVGNS = 'http://www.w3.org/2000/svg';
  const $ = <E extends HTMLElement>(id: string) => document.getElementById(id) as E;
  // Cognito compares redirect_uri exactly with the client's callback URL.
  const redirectUri = (cfg.signIn.kind === 'cognito' && cfg.signIn.redirectUri) || location.origin + location.pathname;

  const fill = (t: string, v: Record<string, string | number>) => t.replace(/\{(\w+)\}/g, (m, k: string) => (k in v ? String(v[k]) : m));
  // Finnish conventions in every language (sv-FI writes 1.8.2026, not 2026-08-01).
  const locale = ({ fi: ['fi-FI'], sv: ['sv-FI', 'sv'], en: ['en-FI', 'en-GB'] } as const)[L];
  const int = new Intl.NumberFormat(locale);
  const dec = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const signed = new Intl.NumberFormat(locale, { signDisplay: 'exceptZero' });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const dayFmt = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'numeric', year: 'numeric', timeZone: 'UTC' });
  const monthFmt = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const utc = (d: string) => new Date(`${d}T00:00:00Z`);
  const fmtDate = (d: string) => dayFmt.format(utc(d));
  const fmtPeriod = (p: string) => {
    const w = /^(\d{4})-W(\d\d)$/.exec(p);
    if (w) return fill(T.weekLabel, { week: Number(w[2]), year: w[1]! });
    if (/^\d{4}-\d\d$/.test(p)) return monthFmt.format(utc(`${p}-01`));
    return fmtDate(p);
  };
  const fmtNps = (v: number | null) => (v === null ? '–' : signed.format(v));
  const fmtCi = (ci: [number, number] | null) => (ci ? `${signed.format(Math.round(ci[0]))}…${signed.format(Math.round(ci[1]))}` : '–');
  const hidden = (c: object): c is { suppressed: true } => 'suppressed' in c;

  /** Creates an element (HTML, or SVG with `svg: true`) with attributes and children. */
  function h(tag: string, attrs: Record<string, string | number | undefined> = {}, ...kids: (Node | string | null | undefined | false)[]): HTMLElement {
    const svg = tag.startsWith('svg:');
    const el = svg ? document.createElementNS(SVGNS, tag.slice(4)) : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, String(v));
    for (const kid of kids) if (kid !== null && kid !== undefined && kid !== false) el.append(kid);
    return el as HTMLElement;
  }

  // ---- the org tree and what this person may see -------------------------------------------
  const nodes = new Map(cfg.tree.map((n) => [n.id, n]));
  const childrenOf = (id: string) => cfg.tree.filter((n) => n.parentId === id);
  const depth = (id: string) => {
    let d = 0;
    for (let p = nodes.get(id)?.parentId; p; p = nodes.get(p)?.parentId) d++;
    return d;
  };

  // ---- token handling ------------------------------------------------------------------------
  function claims(token: string): Record<string, unknown> | undefined {
    try {
      const b64 = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }
  const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

  async function tokenRequest(body: Record<string, string>): Promise<boolean> {
    if (cfg.signIn.kind !== 'cognito') return false;
    const res = await fetch(`${cfg.signIn.authUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: cfg.signIn.clientId, ...body }),
    }).catch(() => undefined);
    if (!res?.ok) return false;
    const j = (await res.json()) as { access_token?: string; refresh_token?: string; id_token?: string };
    if (!j.access_token) return false;
    sessionStorage.setItem(TOKEN, j.access_token);
    // The access token names no person; the ID token's e-mail is only shown, never sent anywhere.
    const email = j.id_token ? claims(j.id_token)?.email : undefined;
    if (typeof email === 'string') sessionStorage.setItem(WHO, email);
    if (j.refresh_token) sessionStorage.setItem(REFRESH, j.refresh_token);
    return true;
  }

  async function startCognito(): Promise<void> {
    if (cfg.signIn.kind !== 'cognito') return;
    const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
    const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
    const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
    sessionStorage.setItem(PKCE, JSON.stringify({ verifier, state, back: location.search }));
    const q = new URLSearchParams({
      response_type: 'code',
      client_id: cfg.signIn.clientId,
      redirect_uri: redirectUri,
      scope: cfg.signIn.scope,
      state,
      code_challenge_method: 'S256',
      code_challenge: challenge,
    });
    location.assign(`${cfg.signIn.authUrl}/oauth2/authorize?${q.toString()}`);
  }

  /** Takes a token from the sign-in redirect; returns a message key when signing in failed. */
  async function takeRedirect(): Promise<keyof DashboardText | undefined> {
    const frag = new URLSearchParams(location.hash.slice(1));
    const t = frag.get('token');
    if (t) {
      sessionStorage.setItem(TOKEN, t);
      sessionStorage.removeItem(REFRESH);
      sessionStorage.removeItem(WHO);
      history.replaceState(null, '', location.pathname + location.search);
    }
    const q = new URLSearchParams(location.search);
    const code = q.get('code');
    if (cfg.signIn.kind === 'cognito' && (code || q.get('error'))) {
      const saved = JSON.parse(sessionStorage.getItem(PKCE) ?? 'null') as { verifier: string; state: string; back: string } | null;
      sessionStorage.removeItem(PKCE);
      history.replaceState(null, '', location.pathname + (saved?.back ?? ''));
      if (!code || !saved || q.get('state') !== saved.state) return 'signInFailed';
      const ok = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: saved.verifier });
      if (!ok) return 'signInFailed';
    }
    return undefined;
  }

  async function refresh(): Promise<boolean> {
    const r = sessionStorage.getItem(REFRESH);
    return r ? tokenRequest({ grant_type: 'refresh_token', refresh_token: r }) : false;
  }

  function signOut(): void {
    sessionStorage.removeItem(TOKEN);
    sessionStorage.removeItem(REFRESH);
    sessionStorage.removeItem(WHO);
    if (cfg.signIn.kind === 'cognito') {
      location.assign(`${cfg.signIn.authUrl}/logout?${new URLSearchParams({ client_id: cfg.signIn.clientId, logout_uri: redirectUri }).toString()}`);
    } else showSignIn('signedOut');
  }

  function showSignIn(message?: keyof DashboardText): void {
    sessionStorage.removeItem(TOKEN);
    sessionStorage.removeItem(WHO);
    $('app').hidden = true;
    $('who-line').hidden = true;
    $('signin').hidden = false;
    $('signin-msg').textContent = message ? T[message] : T.signInLead;
    const link = $<HTMLAnchorElement>('signin-link');
    const button = $<HTMLButtonElement>('signin-button');
    link.hidden = cfg.signIn.kind !== 'dev';
    button.hidden = cfg.signIn.kind !== 'cognito';
    if (cfg.signIn.kind === 'none') $('signin-msg').textContent = T.notConfigured;
    if (cfg.signIn.kind === 'dev') link.href = `${cfg.signIn.url}?${new URLSearchParams({ lang: L, back: location.search }).toString()}`;
    button.onclick = () => void startCognito();
    if (message) $('signin-msg').focus();
  }

  // ---- the API --------------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(
      readonly status: number,
      readonly detail: string,
    ) {
      super(`HTTP ${status}`);
    }
  }

  async function api<R>(path: string, retried = false): Promise<R> {
    const res = await fetch(path, { headers: { authorization: `Bearer ${sessionStorage.getItem(TOKEN) ?? ''}`, accept: 'application/json' } });
    if (res.status === 401 && !retried && (await refresh())) return api<R>(path, true);
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: { message?: string; issues?: { path: string; message: string }[] } };
      const detail = (body.error?.issues ?? []).map((i) => `${i.path.replace(/^query\./, '')}: ${i.message}`).join('; ') || body.error?.message || '';
      throw new ApiError(res.status, detail);
    }
    return (await res.json()) as R;
  }

  // ---- state in the URL ----------------------------------------------------------------------
  let scope: string[] = [];
  const readState = (): State => {
    const q = new URLSearchParams(location.search);
    const g = q.get('granularity');
    return {
      node: q.get('node') || scope[0] || '',
      from: q.get('from') || cfg.defaults.from,
      to: q.get('to') || cfg.defaults.to,
      granularity: g === 'day' || g === 'week' || g === 'month' ? g : cfg.defaults.granularity,
    };
  };
  const href = (s: State, lang: string = L) => `/admin?${new URLSearchParams({ lang, node: s.node, from: s.from, to: s.to, granularity: s.granularity }).toString()}`;

  function syncControls(s: State): void {
    const form = $<HTMLFormElement>('filters');
    const sel = form.elements.namedItem('node') as HTMLSelectElement;
    sel.value = scope.includes(s.node) ? s.node : '';
    (form.elements.namedItem('from') as HTMLInputElement).value = s.from;
    (form.elements.namedItem('to') as HTMLInputElement).value = s.to;
    (form.elements.namedItem('granularity') as HTMLSelectElement).value = s.granularity;
    for (const a of document.querySelectorAll<HTMLAnchorElement>('a[hreflang]')) a.href = href(s, a.hreflang);
  }

  function go(s: State): void {
    history.pushState(null, '', href(s));
    void load(true);
  }

  /** A link to another node of the report that stays on the page (and still opens in a new tab). */
  function nodeLink(id: string, text: string, current: State): HTMLElement {
    const a = h('a', { href: href({ ...current, node: id }) }, text);
    a.addEventListener('click', (e) => {
      if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      go({ ...current, node: id });
    });
    return a;
  }

  // ---- rendering -----------------------------------------------------------------------------
  const table = (caption: string, head: string[], rows: (string | Node)[][], firstIsHeader = true) =>
    h(
      'table',
      {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, ...head.map((c, i) => h('th', { scope: 'col', class: i ? 'num' : undefined }, c)))),
      h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c, i) => (i === 0 && firstIsHeader ? h('th', { scope: 'row' }, c) : h('td', { class: i ? 'num' : undefined }, c)))))),
    );
  const asTable = (t: HTMLElement) => h('details', {}, h('summary', {}, T.showTable), t);
  const figuresRow = (c: Cell): string[] =>
    hidden(c)
      ? [T.suppressed, '', '', '', '', '']
      : [int.format(c.n), fmtNps(c.nps), fmtCi(c.ci95), int.format(c.promoters), int.format(c.passives), int.format(c.detractors)];

  function kpis(total: Cell): HTMLElement {
    if (hidden(total)) return h('p', { class: 'kpi-note' }, `${T.npsTotal}: ${T.suppressed}`);
    if (!total.n) return h('p', { class: 'kpi-note' }, T.noData);
    const share = (x: number) => pct.format(x / total.n);
    const kpi = (label: string, value: string, cls = '') => h('div', { class: `kpi ${cls}` }, h('dt', {}, label), h('dd', {}, value));
    return h(
      'dl',
      { class: 'kpis' },
      kpi(T.npsTotal, fmtNps(total.nps), 'big'),
      kpi(T.ci, fmtCi(total.ci95)),
      kpi(T.npsAnswers, int.format(total.n)),
      kpi(T.promoters, share(total.promoters), 'pro'),
      kpi(T.passives, share(total.passives), 'pas'),
      kpi(T.detractors, share(total.detractors), 'det'),
    );
  }

  /** The NPS trend: a line over the periods with its 95 % band; hidden periods leave a gap and say so. */
  function trendChart(series: Cell[], label: string, width: number): Element {
    // Drawn at the width it is shown at, so its text is the page's size; it still scales if resized.
    const W = Math.max(320, Math.round(width) || 760);
    const H = 300;
    const widest = Math.max(...series.map((c) => fmtPeriod(c.period).length)) * 7.5 + 16;
    const m = { l: Math.max(48, widest / 2), r: Math.max(14, widest / 2 - 6), t: 14, b: 46 };
    const pw = W - m.l - m.r;
    const ph = H - m.t - m.b;
    const shown = series.filter((c): c is { period: string } & Figures => !hidden(c) && c.nps !== null);
    let lo = Math.min(0, ...shown.map((c) => c.ci95?.[0] ?? c.nps!));
    let hi = Math.max(50, ...shown.map((c) => c.ci95?.[1] ?? c.nps!));
    lo = Math.max(-100, Math.floor(lo / 25) * 25);
    hi = Math.min(100, Math.ceil(hi / 25) * 25);
    const x = (i: number) => m.l + (series.length === 1 ? pw / 2 : (i * pw) / (series.length - 1));
    const y = (v: number) => m.t + ((hi - v) * ph) / (hi - lo);
    const svg = h('svg:svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'trend-title', class: 'chart' }, h('svg:title', { id: 'trend-title' }, label));
    // A hidden period is a shaded column marked "< 5", so the gap reads as "too few", not "none".
    const colW = Math.min(48, series.length > 1 ? (pw / (series.length - 1)) * 0.7 : 48);
    series.forEach((c, i) => {
      if (hidden(c)) svg.append(h('svg:rect', { x: x(i) - colW / 2, y: m.t, width: colW, height: ph, class: 'supcol' }));
    });
    for (let v = lo; v <= hi; v += 25) {
      svg.append(
        h('svg:line', { x1: m.l, x2: W - m.r, y1: y(v), y2: y(v), class: v === 0 ? 'axis' : 'gridline' }),
        h('svg:text', { x: m.l - 8, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, signed.format(v)),
      );
    }
    // Contiguous runs of shown periods: each gets its band and its line; a lone point gets a whisker.
    const runs: number[][] = [];
    series.forEach((c, i) => {
      const ok = !hidden(c) && c.nps !== null;
      if (ok && runs.length && runs[runs.length - 1]!.at(-1) === i - 1) runs[runs.length - 1]!.push(i);
      else if (ok) runs.push([i]);
    });
    const fig = (i: number) => series[i] as Figures;
    for (const run of runs) {
      const withCi = run.filter((i) => fig(i).ci95);
      if (run.length > 1 && withCi.length === run.length) {
        const upper = run.map((i) => `${x(i)},${y(fig(i).ci95![1])}`);
        const lower = run.map((i) => `${x(i)},${y(fig(i).ci95![0])}`).reverse();
        svg.append(h('svg:polygon', { points: upper.concat(lower).join(' '), class: 'band' }));
      } else {
        for (const i of withCi) svg.append(h('svg:line', { x1: x(i), x2: x(i), y1: y(fig(i).ci95![0]), y2: y(fig(i).ci95![1]), class: 'whisker' }));
      }
      if (run.length > 1) svg.append(h('svg:polyline', { points: run.map((i) => `${x(i)},${y(fig(i).nps!)}`).join(' '), class: 'line' }));
    }
    for (const run of runs) {
      for (const i of run) {
        const c = fig(i);
        svg.append(
          h('svg:circle', { cx: x(i), cy: y(c.nps!), r: 4.5, class: 'dot' }, h('svg:title', {}, `${fmtPeriod(series[i]!.period)}: NPS ${fmtNps(c.nps)} (${fmtCi(c.ci95)}), n ${int.format(c.n)}`)),
        );
      }
    }
    const every = Math.max(1, Math.ceil(series.length / Math.max(1, Math.floor(pw / widest))));
    series.forEach((c, i) => {
      if (hidden(c)) svg.append(h('svg:text', { x: x(i), y: m.t + ph - 8, 'text-anchor': 'middle', class: 'sup' }, T.suppressedShort));
      // Labelled from the latest period backwards, so the newest one always has its label.
      if ((series.length - 1 - i) % every === 0) svg.append(h('svg:text', { x: x(i), y: H - m.b + 22, 'text-anchor': 'middle', class: 'tick' }, fmtPeriod(c.period)));
    });
    return svg;
  }

  function legendItem(cls: string, text: string): HTMLElement {
    return h('li', {}, h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), text);
  }

  function renderTrend(r: NpsReport, s: State): void {
    const label = fill(T.trendLabel, { granularity: T[s.granularity].toLowerCase(), from: fmtDate(s.from), to: fmtDate(s.to) });
    const box = $('trend');
    box.replaceChildren(
      trendChart(r.series, label, box.clientWidth),
      h('ul', { class: 'legend' }, legendItem('sw-line', 'NPS'), legendItem('sw-band', T.ci), r.series.some(hidden) ? h('li', {}, T.suppressedNote) : null),
      asTable(
        table(
          label,
          [T.period, T.npsAnswers, 'NPS', T.ci, T.promoters, T.passives, T.detractors],
          r.series.map((c) => [fmtPeriod(c.period), ...figuresRow(c)]),
        ),
      ),
    );
  }

  function renderChildren(r: ChildrenReport | undefined, s: State): void {
    const sec = $('children-section');
    sec.hidden = !r || r.children.length === 0;
    if (!r || sec.hidden) return;
    const num = (v: string) => h('td', { class: 'num' }, v);
    const bar = (c: Cell) => {
      if (hidden(c) || c.nps === null) return null;
      const v = Math.max(-100, Math.min(100, c.nps));
      const at = (n: number) => 50 + Math.max(-100, Math.min(100, n)) / 2;
      return h(
        'span',
        { class: 'nbar' },
        h('span', { class: v < 0 ? 'neg' : 'pos', style: `width:${Math.abs(v) / 2}%;${v < 0 ? 'right' : 'left'}:50%` }),
        c.ci95 ? h('span', { class: 'ci', style: `left:${at(c.ci95[0])}%;width:${at(c.ci95[1]) - at(c.ci95[0])}%` }) : null,
      );
    };
    const rows = r.children.map((c) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, nodeLink(c.node, c.name[L], s)),
        ...(hidden(c) ? [h('td', { colspan: 3, class: 'num' }, T.suppressed)] : [num(int.format(c.n)), num(fmtNps(c.nps)), num(fmtCi(c.ci95))]),
        h('td', { class: 'barcol', 'aria-hidden': 'true' }, bar(c)),
      ),
    );
    const head = h(
      'tr',
      {},
      h('th', { scope: 'col' }, T.name),
      ...[T.npsAnswers, 'NPS', T.ci].map((x) => h('th', { scope: 'col', class: 'num' }, x)),
      h('td', { class: 'barcol', 'aria-hidden': 'true' }),
    );
    $('children').replaceChildren(
      h('table', { class: 'children' }, h('caption', {}, fill(T.childrenCaption, { node: nodes.get(s.node)?.name ?? s.node })), h('thead', {}, head), h('tbody', {}, ...rows)),
    );
  }

  function renderStatements(rows: StatementRow[]): void {
    const box = $('statements');
    if (!rows.length) return void box.replaceChildren(h('p', {}, T.noData));
    const list = h('ul', { class: 'stmts' });
    for (const r of rows) {
      const text = r.text?.[L] ?? r.id;
      if (hidden(r)) {
        list.append(h('li', {}, h('p', { class: 'st-label' }, text), h('p', { class: 'st-fig' }, T.suppressed)));
        continue;
      }
      const stack = h('span', { class: 'stack', 'aria-hidden': 'true' });
      r.values.forEach((v, i) => {
        if (!r.n || !v) return;
        const share = v / r.n;
        stack.append(h('span', { class: `seg s${i + 1}`, style: `width:${share * 100}%` }, share >= 0.09 ? pct.format(share) : ''));
      });
      list.append(
        h(
          'li',
          {},
          h('p', { class: 'st-label' }, text),
          stack,
          h('p', { class: 'st-fig' }, r.n ? `${T.agree} ${pct.format(r.shareAgreeing ?? 0)} · ${T.mean} ${dec.format(r.mean ?? 0)} · n ${int.format(r.n)}` : T.noData),
        ),
      );
    }
    const legend = h('ul', { class: 'legend' }, ...cfg.scale.map((label, i) => legendItem(`s${i + 1}`, `${i + 1} ${label}`)));
    const t = table(
      T.statementsCaption,
      [T.statement, '1', '2', '3', '4', '5', T.cantSay, T.agree, T.mean],
      rows.map((r) =>
        hidden(r)
          ? [r.text?.[L] ?? r.id, h('span', {}, T.suppressed), '', '', '', '', '', '', '']
          : [r.text?.[L] ?? r.id, ...r.values.map((v) => int.format(v)), int.format(r.cantSay), r.shareAgreeing === null ? '–' : pct.format(r.shareAgreeing), r.mean === null ? '–' : dec.format(r.mean)],
      ),
    );
    box.replaceChildren(legend, list, asTable(t));
  }

  function renderGroups(id: string, title: string, r: BreakdownReport, name: (g: string) => string): void {
    const shownTotal = r.groups.reduce((sum, g) => sum + (hidden(g) ? 0 : g.n), 0);
    const groups = r.groups.filter((g) => hidden(g) || g.n > 0);
    if (!groups.length) return void $(id).replaceChildren(h('p', {}, T.noData));
    const bars = h(
      'ul',
      { class: 'bars' },
      ...groups.map((g) =>
        h(
          'li',
          {},
          h('span', { class: 'bar-label' }, name(g.group)),
          h('span', { class: 'bar', 'aria-hidden': 'true' }, hidden(g) ? null : h('span', { style: `width:${shownTotal ? (g.n / shownTotal) * 100 : 0}%` })),
          h('span', { class: 'bar-fig' }, hidden(g) ? T.suppressed : `${int.format(g.n)} · NPS ${fmtNps(g.nps)}`),
        ),
      ),
    );
    const t = table(
      title,
      [T.group, T.npsAnswers, T.share, 'NPS', T.ci],
      groups.map((g) => (hidden(g) ? [name(g.group), T.suppressed, '', '', ''] : [name(g.group), int.format(g.n), shownTotal ? pct.format(g.n / shownTotal) : '–', fmtNps(g.nps), fmtCi(g.ci95)])),
    );
    $(id).replaceChildren(bars, asTable(t));
  }

  function renderCrumbs(s: State): void {
    const line: string[] = [];
    for (let id: string | undefined = s.node; id; id = nodes.get(id)?.parentId) line.unshift(id);
    const visible = line.filter((id) => scope.includes(id));
    $('crumbs').parentElement!.hidden = visible.length < 2;
    $('crumbs').replaceChildren(
      ...visible.map((id) => h('li', {}, id === s.node ? h('span', { 'aria-current': 'page' }, nodes.get(id)!.name) : nodeLink(id, nodes.get(id)!.name, s))),
    );
  }

  function showError(text: string): void {
    $('report').hidden = true;
    $('error').replaceChildren(h('div', { class: 'error-box' }, h('h2', {}, T.errorTitle), h('p', {}, text)));
  }

  // ---- loading -------------------------------------------------------------------------------
  let generation = 0;
  async function load(focus = false): Promise<void> {
    const s = readState();
    const mine = ++generation;
    syncControls(s);
    const node = nodes.get(s.node);
    $('status').textContent = T.loading;
    $('report').setAttribute('aria-busy', 'true');
    $('error').replaceChildren();
    const p = new URLSearchParams({ node: s.node, from: s.from, to: s.to }).toString();
    if (s.from > s.to) {
      $('status').textContent = '';
      $('report').removeAttribute('aria-busy');
      return showError(T.rangeInvalid);
    }
    try {
      const [nps, st, ch, channels, roles] = await Promise.all([
        api<NpsReport>(`/api/reports/nps?${p}&granularity=${s.granularity}`),
        api<{ statements: StatementRow[] }>(`/api/reports/statements?${p}`),
        node && childrenOf(node.id).length ? api<ChildrenReport>(`/api/reports/children?${p}`) : Promise.resolve(undefined),
        api<BreakdownReport>(`/api/reports/breakdown?${p}&by=channel`),
        api<BreakdownReport>(`/api/reports/breakdown?${p}&by=role`),
      ]);
      if (mine !== generation) return;
      const nodeName = node?.name ?? s.node;
      $('report').hidden = false;
      $('node-kind').textContent = node ? T[node.kind] : '';
      $('node-name').textContent = nodeName;
      renderCrumbs(s);
      $('kpis').replaceChildren(kpis(nps.total));
      renderTrend(nps, s);
      renderChildren(ch, s);
      renderStatements(st.statements);
      renderGroups('channels', T.channelsTitle, channels, (g) => (T as Record<string, string>)[`channel_${g}`] ?? g);
      renderGroups('roles', T.rolesTitle, roles, (g) => (T as Record<string, string>)[`role_${g}`] ?? g);
      $('status').textContent = fill(T.loaded, { node: nodeName, from: fmtDate(s.from), to: fmtDate(s.to) });
      if (focus) $('node-title').focus();
    } catch (e) {
      if (mine !== generation) return;
      $('status').textContent = '';
      const err = e instanceof ApiError ? e : new ApiError(0, '');
      if (err.status === 401) return showSignIn('expired');
      showError(err.status === 403 ? T.forbidden : err.status === 404 ? T.notFound : err.status === 400 ? fill(T.badRequest, { detail: err.detail }) : T.error);
    } finally {
      if (mine === generation) $('report').removeAttribute('aria-busy');
    }
  }

  async function main(): Promise<void> {
    // Opened at another origin than the registered callback (e.g. the API's own URL behind a custom
    // domain): move there first, since the PKCE verifier and the token live in that origin's storage.
    if (cfg.signIn.kind === 'cognito' && new URL(redirectUri).origin !== location.origin) return location.replace(redirectUri + location.search);
    const failed = await takeRedirect();
    const token = sessionStorage.getItem(TOKEN);
    const c = token ? claims(token) : undefined;
    if (!token || !c || failed) return showSignIn(failed);
    if (typeof c.exp === 'number' && c.exp * 1000 < Date.now() && !(await refresh())) return showSignIn('expired');
    const groups = Array.isArray(c['cognito:groups']) ? (c['cognito:groups'] as unknown[]) : [];
    const held = groups.filter((g): g is string => typeof g === 'string' && g.startsWith('org:')).map((g) => g.slice(4));
    const inScope = (id: string) => {
      for (let p: string | undefined = id; p; p = nodes.get(p)?.parentId) if (held.includes(p)) return true;
      return false;
    };
    scope = cfg.tree.filter((n) => inScope(n.id)).map((n) => n.id);
    const top = Math.min(...scope.map(depth));
    const sel = ($<HTMLFormElement>('filters').elements.namedItem('node') as HTMLSelectElement);
    sel.replaceChildren(...scope.map((id) => h('option', { value: id }, '\u00a0\u00a0\u00a0'.repeat(depth(id) - top) + nodes.get(id)!.name)));
    const who = sessionStorage.getItem(WHO) ?? (typeof c.username === 'string' ? c.username : String(c.sub ?? ''));
    $('who').textContent = fill(T.signedInAs, { name: who });
    $('signin').hidden = true;
    $('app').hidden = false;
    $('who-line').hidden = false;
    $('signout').addEventListener('click', signOut);
    $<HTMLFormElement>('filters').addEventListener('submit', (e) => {
      e.preventDefault();
      const f = new FormData(e.target as HTMLFormElement);
      const g = String(f.get('granularity'));
      go({ node: String(f.get('node')), from: String(f.get('from')), to: String(f.get('to')), granularity: g === 'day' || g === 'week' ? g : 'month' });
    });
    addEventListener('popstate', () => void load(true));
    await load();
  }

  void main();
}
