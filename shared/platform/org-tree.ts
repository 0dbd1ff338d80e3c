import * as z from './zod.ts';
import { lazyValue, toIssues, type Issue } from './validation.ts';
import { localizedTextSchema, type LocalizedText } from './i18n.ts';

/** What an org node or survey id may be: lower-case letters, digits and dashes, at most 63 characters. */
export const NODE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Fields of a zod object, as a feature declares its part of the region config. */
export type Fields = Record<string, z.ZodMiniType>;

/**
 * The fields a feature adds to the region config: fields of the `region` object and fields any node
 * of the tree may set (overrides, the most specific node winning), with an optional rule across them.
 */
export interface RegionSectionFields<R extends Fields = Fields, N extends Fields = Fields> {
  region: R;
  node: N;
  /** Rules across fields, run after the schema passed; paths are from the config's root. */
  check?(region: z.infer<z.ZodMiniObject<R>>): Issue[];
}

/**
 * A feature's part of the region config. The feature owns the schema and reads its values back with
 * `regionSettings` and `nodeSettings`, which use the section for its type only; the platform only
 * validates. The fields are built at the first `fields()` call, i.e. the first parse, never at load:
 * a Lambda bundle gets the config validated when it is built and never parses it (shared/config.ts).
 */
export interface RegionSection<R extends Fields = Fields, N extends Fields = Fields> {
  /** The section's fields and rule, built at the first call and the same objects after. */
  fields(): RegionSectionFields<R, N>;
}

/**
 * Declares a feature's region-config section, its types inferred from what `build` returns. `build`
 * runs once, at the first parse: construct every zod schema of the section inside it, not at module
 * level, or each function bundling the feature pays for it at its cold start.
 */
export function regionSection<R extends Fields, N extends Fields>(build: () => RegionSectionFields<R, N>): RegionSection<R, N> {
  return { fields: lazyValue(build) };
}

/** A section's region-level settings as validated, e.g. `RegionSettingsOf<typeof publicInfoSettings>['publicInfo']`. */
export type RegionSettingsOf<S extends RegionSection> = S extends RegionSection<infer R, Fields> ? z.infer<z.ZodMiniObject<R>> : never;

/**
 * zod schema of the region config file (`config/region.json`) with the features' sections. Built per
 * parse, not at load: a Lambda bundle gets the file validated when it is built (shared/config.ts).
 */
export function regionConfigSchema(sections: readonly RegionSection[]) {
  const idSchema = z.string().check(z.regex(NODE_ID_PATTERN, 'must be lower-case letters, digits and dashes'));
  const nodeFields = {
    id: idSchema,
    name: localizedTextSchema(),
    /** An external code such as the SOTE organisation register OID. */
    externalCode: z.optional(z.string().check(z.minLength(1))),
    /** The survey asked by default in this part of the tree; the most specific node wins. */
    surveyId: z.optional(idSchema),
  };
  const nodeExtra = Object.assign({}, ...sections.map((s) => s.fields().node)) as Fields;
  const regionExtra = Object.assign({}, ...sections.map((s) => s.fields().region)) as Fields;
  const unitSchema = z.strictObject({ ...nodeFields, ...nodeExtra });
  const serviceSchema = z.strictObject({ ...nodeFields, ...nodeExtra, units: z.array(unitSchema).check(z.minLength(1)) });
  const serviceAreaSchema = z.strictObject({ ...nodeFields, ...nodeExtra, services: z.array(serviceSchema).check(z.minLength(1)) });
  return z.strictObject({
    region: z.strictObject({
      ...nodeFields,
      ...nodeExtra,
      surveyId: idSchema,
      languages: z.optional(z.array(z.enum(['fi', 'sv', 'en']))),
      ...regionExtra,
    }),
    serviceAreas: z.array(serviceAreaSchema).check(z.minLength(1)),
  });
}

/** A node of the region config as written, with whatever fields the features' sections add. */
interface NodeConfig {
  id: string;
  name: LocalizedText;
  externalCode?: string | undefined;
  surveyId?: string | undefined;
  [field: string]: unknown;
}

/** The region config as written in `config/region.json`. */
export interface RegionConfig {
  region: NodeConfig & { surveyId: string; languages?: ('fi' | 'sv' | 'en')[] | undefined };
  serviceAreas: (NodeConfig & { services: (NodeConfig & { units: NodeConfig[] })[] })[];
}

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
  /** This node's own entry of the region config, where features read their node settings. */
  config: Readonly<NodeConfig>;
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

  private constructor(readonly config: RegionConfig) {
    const r = config.region;
    this.regionId = r.id;
    this.add({ id: r.id, kind: 'region', name: r.name, externalCode: r.externalCode, surveyId: r.surveyId, config: r });
    for (const sa of config.serviceAreas) {
      const saSurvey = sa.surveyId ?? r.surveyId;
      this.add({
        id: sa.id,
        kind: 'serviceArea',
        name: sa.name,
        externalCode: sa.externalCode,
        parentId: r.id,
        surveyId: saSurvey,
        config: sa,
      });
      for (const s of sa.services) {
        const sSurvey = s.surveyId ?? saSurvey;
        this.add({ id: s.id, kind: 'service', name: s.name, externalCode: s.externalCode, parentId: sa.id, surveyId: sSurvey, config: s });
        for (const u of s.units) {
          this.add({
            id: u.id,
            kind: 'unit',
            name: u.name,
            externalCode: u.externalCode,
            parentId: s.id,
            surveyId: u.surveyId ?? sSurvey,
            config: u,
          });
        }
      }
    }
  }

  /**
   * Validates raw config and builds the tree. `knownSurveyIds` lets the caller check that every
   * `surveyId` refers to a survey that exists.
   */
  static parse(
    raw: unknown,
    knownSurveyIds: readonly string[],
    sections: readonly RegionSection[] = [],
    file = 'config/region.json',
  ): OrgTree {
    const parsed = regionConfigSchema(sections).safeParse(raw);
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
    const c = parsed.data as RegionConfig;
    check(c.region.id, 'region', c.region.surveyId);
    c.serviceAreas.forEach((sa, i) => {
      check(sa.id, `serviceAreas[${i}]`, sa.surveyId);
      sa.services.forEach((s, j) => {
        check(s.id, `serviceAreas[${i}].services[${j}]`, s.surveyId);
        for (const [k, u] of s.units.entries()) check(u.id, `serviceAreas[${i}].services[${j}].units[${k}]`, u.surveyId);
      });
    });
    for (const section of sections) issues.push(...(section.fields().check?.(c.region) ?? []));
    if (issues.length) throw new ConfigError(file, issues);
    return new OrgTree(c);
  }

  /**
   * The tree of a region config that `parse` already accepted, as it returned it (`config`), without
   * validating it again: a Lambda bundle gets its config checked at build time (shared/config.ts).
   */
  static fromValidated(config: RegionConfig): OrgTree {
    return new OrgTree(config);
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

  /** The node and its ancestors from the region down: the order in which node settings override. */
  chainFromRegion(id: string): OrgNode[] {
    const n = this.nodes.get(id);
    return n ? [n, ...this.ancestors(id)].reverse() : [];
  }

  /** The ancestor of a unit at a given level (its service or service area). */
  ancestorOfKind(id: string, kind: NodeKind): OrgNode | undefined {
    return this.ancestors(id).find((n) => n.kind === kind);
  }
}

/** A section's region-level settings, as validated when the tree was parsed. */
export function regionSettings<R extends Fields>(org: OrgTree, _section: RegionSection<R, Fields>): z.infer<z.ZodMiniObject<R>> {
  // The section is for its type only: reading its fields would build its schemas in every Lambda.
  // The parse validated the region object against every section's fields, so the cast states a fact.
  return org.config.region as unknown as z.infer<z.ZodMiniObject<R>>;
}

/** A section's settings on each node from the region down to `id` (absent where a node sets none). */
export function nodeSettings<N extends Fields>(
  org: OrgTree,
  _section: RegionSection<Fields, N>,
  id: string,
): Partial<z.infer<z.ZodMiniObject<N>>>[] {
  return org.chainFromRegion(id).map((n) => n.config as unknown as Partial<z.infer<z.ZodMiniObject<N>>>);
}
