/**
 * What every staff page (the managers' dashboard, the case workbench) hands the shared sign-in
 * script (browser/staff-signin.ts): types, constants and `fill`, so browser bundles take nothing else
 * from here.
 */
import type { Lang } from './i18n.ts';
import type { NodeKind } from './org-tree.ts';

/** The local stack's demo staff sign-in page (local/dev-routes.ts; never on AWS). */
export const STAFF_SIGNIN_PATH = '/dev/signin';

/** Id of the `<script type="application/json">` element that carries a staff page's config. */
export const STAFF_CONFIG_ID = 'dash-config';

/** How staff sign in: the local stack's demo page, Cognito's hosted UI, or not at all. */
export type SignInConfig =
  | { kind: 'dev'; url: string }
  | { kind: 'cognito'; authUrl: string; clientId: string; scope: string; redirectUri?: string }
  | { kind: 'none' };

/** The texts the sign-in script shows, in the page's language. */
export interface SignInText {
  signInLead: string;
  signedOut: string;
  expired: string;
  notConfigured: string;
  signInFailed: string;
  /** "Signed in as {name}". */
  signedInAs: string;
}

/** A node of the org tree as a staff page embeds it: ids and names only, no data. */
export interface StaffNode {
  id: string;
  parentId?: string;
  kind: NodeKind;
  name: string;
}

/**
 * The part of a staff page's config the sign-in script reads: language, sign-in texts and how to
 * sign in. Each page's own config extends it; the markup it needs is listed in staff-signin.ts.
 */
export interface StaffPageConfig {
  lang: Lang;
  text: SignInText;
  signIn: SignInConfig;
}

/** A text with its `{name}` placeholders filled in; unknown placeholders stay as they are. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
