import * as z from './zod.ts';
import { toIssues, type Issue } from './validation.ts';
import { localizedTextSchema, type LocalizedText } from './i18n.ts';
import { mergeSmsRules, smsRulesOverrideSchema, smsRulesSchema, type SmsRules, type SmsRulesOverride } from '../sms/rules.ts';
import { SUPPRESSION_DEFAULTS, type SuppressionThresholds } from '../reporting/suppression.ts';

const idSchema = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes'));

const nodeFields = {
  id: idSchema,
  name: localizedTextSchema,
  /** An external code such as the SOTE organisation register OID. */
  externalCode: z.optional(z.string().check(z.minLength(1))),
  /** The survey asked by default in this part of the tree; the most specific node wins. */
  surveyId: z.optional(idSchema),
  /** SMS rule overrides for this part of the tree (SPEC §6); the most specific node wins. */
  sms: z.optional(smsRulesOverrideSchema),
};

const unitSchema = z.strictObject({ ...nodeFields });
const serviceSchema = z.strictObject({ ...nodeFields, units: z.array(unitSchema).check(z.minLength(1)) });
const serviceAreaSchema = z.strictObject({ ...nodeFields, services: z.array(serviceSchema).check(z.minLength(1)) });

/** zod schema of the region config file (`config/region.json`). */
export const regionConfigSchema = z.strictObject({
  region: z.strictObject({
    ...nodeFields,
    surveyId: idSchema,
    sms: smsRulesSchema,
    /** Alphanumeric SMS sender ID, at most 11 characters (SPEC §6). */
    smsSenderId: (z.string().check(z.regex(/^[A-Za-z0-9]{1,11}$/, 'must be 1–11 letters or digits'))),
    languages: z.optional(z.array(z.enum(['fi', 'sv', 'en']))),
    /** Small-number suppression (SPEC §4): cells with fewer answers than the threshold are hidden. */
    reporting: z.optional(
      z.strictObject({
        suppression: z.optional(
          z.strictObject({
            internal: z.optional(z.number().check(z.int(), z.gte(2), z.lte(100))),
            public: z.optional(z.number().check(z.int(), z.gte(2), z.lte(100))),
          }),
        ),
      }),
    ),
  }),
  serviceAreas: z.array(serviceAreaSchema).check(z.minLength(1)),
});

/** The region config as written in `config/region.json`. */
export type RegionConfig = z.infer<typeof regionConfigSchema>;

/** The level of a node in the organisation tree. */
export type NodeKind = 'region' | 'serviceArea' | 'service' | 'unit';

/** One node of the organisation tree with its resolved parent and default survey. */
export interface OrgNode {
  id: string;
  kind: NodeKind;
  name: LocalizedText;
  externalCode?: string;
  parentId?: string;
  /** The survey this node asks by default: its own setting or the nearest ancestor's. */
  surveyId: string;
  /** This node's own SMS rule overrides. */
  sms?: SmsRulesOverride;
}

/** Thrown when the region config breaks the schema or a cross-field rule; names every bad field. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly issues: Issue[],
  ) {
    super(`Invalid ${file}:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The organisation tree (region → service area → service → unit) with lookups by id. Built once per
 * process from validated config; feedback refers to units by id, so ids must be unique tree-wide.
 */
export class OrgTree {
  private readonly nodes = new Map<string, OrgNode>();
  private readonly childIds = new Map<string, string[]>();
  readonly regionId: string;
  /** The region's SMS rules, before any node's overrides. */
  readonly smsDefaults: SmsRules;
  /** Alphanumeric sender ID of every SMS (deployment config: the operator route must be approved for it). */
  readonly smsSenderId: string;
  /** Suppression thresholds of reports (internal) and public pages: the config's, else SPEC §4's defaults. */
  readonly suppression: SuppressionThresholds;

  private constructor(readonly config: RegionConfig) {
    const r = config.region;
    this.regionId = r.id;
    this.add({ id: r.id, kind: 'region', name: r.name, externalCode: r.externalCode, surveyId: r.surveyId });
    this.smsDefaults = r.sms;
    this.smsSenderId = r.smsSenderId;
    this.suppression = { ...SUPPRESSION_DEFAULTS, ...(r.reporting?.suppression ?? {}) };
    for (const sa of config.serviceAreas) {
      const saSurvey = sa.surveyId ?? r.surveyId;
      this.add({ id: sa.id, kind: 'serviceArea', name: sa.name, externalCode: sa.externalCode, parentId: r.id, surveyId: saSurvey, sms: sa.sms });
      for (const s of sa.services) {
        const sSurvey = s.surveyId ?? saSurvey;
        this.add({ id: s.id, kind: 'service', name: s.name, externalCode: s.externalCode, parentId: sa.id, surveyId: sSurvey, sms: s.sms });
        for (const u of s.units) {
          this.add({ id: u.id, kind: 'unit', name: u.name, externalCode: u.externalCode, parentId: s.id, surveyId: u.surveyId ?? sSurvey, sms: u.sms });
        }
      }
    }
  }

  /**
   * Validates raw config and builds the tree. `knownSurveyIds` lets the caller check that every
   * `surveyId` refers to a survey that exists.
   */
  static parse(raw: unknown, knownSurveyIds: readonly string[], file = 'config/region.json'): OrgTree {
    const parsed = regionConfigSchema.safeParse(raw);
    if (!parsed.success) throw new ConfigError(file, toIssues(parsed.error, '(root)'));
    const issues: Issue[] = [];
    const seen = new Map<string, string>();
    const check = (id: string, path: string, surveyId: string | undefined) => {
      const first = seen.get(id);
      if (first) issues.push({ path: `${path}.id`, message: `duplicate id "${id}" (first used at ${first})` });
      else seen.set(id, path);
      if (surveyId !== undefined && !knownSurveyIds.includes(surveyId)) {
        issues.push({ path: `${path}.surveyId`, message: `unknown survey "${surveyId}"; known: ${knownSurveyIds.join(', ')}` });
      }
    };
    const c = parsed.data;
    check(c.region.id, 'region', c.region.surveyId);
    c.serviceAreas.forEach((sa, i) => {
      check(sa.id, `serviceAreas[${i}]`, sa.surveyId);
      sa.services.forEach((s, j) => {
        check(s.id, `serviceAreas[${i}].services[${j}]`, s.surveyId);
        s.units.forEach((u, k) => check(u.id, `serviceAreas[${i}].services[${j}].units[${k}]`, u.surveyId));
      });
    });
    const sup = { ...SUPPRESSION_DEFAULTS, ...(c.region.reporting?.suppression ?? {}) };
    if (sup.public < sup.internal) issues.push({ path: 'region.reporting.suppression.public', message: `must be at least the internal threshold (${sup.internal})` });
    if (issues.length) throw new ConfigError(file, issues);
    return new OrgTree(c);
  }

  private add(node: OrgNode): void {
    this.nodes.set(node.id, node);
    if (node.parentId) this.childIds.set(node.parentId, [...(this.childIds.get(node.parentId) ?? []), node.id]);
  }

  /** The node with this id, or undefined. */
  node(id: string): OrgNode | undefined {
    return this.nodes.get(id);
  }

  /** The unit with this id, or undefined if the id is unknown or names another kind of node. */
  unit(id: string): OrgNode | undefined {
    const n = this.nodes.get(id);
    return n?.kind === 'unit' ? n : undefined;
  }

  /** The node's ancestors, nearest first, ending with the region. */
  ancestors(id: string): OrgNode[] {
    const out: OrgNode[] = [];
    let cur = this.nodes.get(id)?.parentId;
    while (cur) {
      const n = this.nodes.get(cur)!;
      out.push(n);
      cur = n.parentId;
    }
    return out;
  }

  /** The node's direct children in config order. */
  children(id: string): OrgNode[] {
    return (this.childIds.get(id) ?? []).map((c) => this.nodes.get(c)!);
  }

  /** Every unit in config order. */
  units(): OrgNode[] {
    return [...this.nodes.values()].filter((n) => n.kind === 'unit');
  }

  /** The SMS rules in force for a node: the region's, overridden from the top down to the node. */
  smsRules(id: string): SmsRules {
    const chain = [this.nodes.get(id), ...this.ancestors(id)].reverse();
    return mergeSmsRules(this.smsDefaults, chain.map((n) => n?.sms));
  }

  /** The ancestor of a unit at a given level (its service or service area). */
  ancestorOfKind(id: string, kind: NodeKind): OrgNode | undefined {
    return this.ancestors(id).find((n) => n.kind === kind);
  }
}
