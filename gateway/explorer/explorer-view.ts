import { buildASTSchema, parse } from 'graphql';
import { readCheckedPrivacyIndex } from '../../directives/annotations.js';
import type { Role } from '../../directives/caller.js';
import type { PolicyConfig } from '../../directives/policy-config.js';
import type { PolicyRule } from '../../directives/policy-rules.js';
import { diffRoleName, roleNameOf, rolesOf } from '../../directives/role-names.js';
import { echoInput } from '../echoed-input.js';
import { annotatedTypes, diffOutcomes, diffParameters, oneConsentOf, outcomeTable, reviewOrder, SITUATION_TEXT, situationText, type OutcomeCell, type OutcomeChange, type ParameterChange, type SituationKey } from '../../schema/policy-outcomes.js';

/** A situation as the explorer labels it: a short name, and the sentence behind it. */
const SITUATION_LABEL: Readonly<Record<keyof typeof SITUATION_TEXT, string>> = {
  any: 'any row',
  own: 'own',
  ownConsentOff: 'own, consent off',
  ward: "a ward's",
  related: 'related',
  consentOff: 'consent off',
  crossBorder: 'cross-border',
  crossBorderNoConsent: 'cross-border, no consent',
  pastDelivery: 'past delivery window',
  crossBorderPastDelivery: 'cross-border, past delivery window',
  unrelated: 'unrelated',
  unrelatedCrossBorder: 'unrelated, cross-border',
  unrelatedPastDelivery: 'unrelated, past delivery window',
  unrelatedCrossBorderPastDelivery: 'unrelated, cross-border, past delivery window',
  unrelatedAnonymous: 'unrelated, anonymous',
  unrelatedMinor: "unrelated, a minor's",
  anonymous: 'anonymous',
  minor: "a minor's",
  belowK: 'below k',
  factsDown: 'facts owner down',
};

function situationLabel(key: SituationKey): string {
  const one = oneConsentOf(key);
  if (!one) return SITUATION_LABEL[key as keyof typeof SITUATION_LABEL];
  const where = one.own ? 'own, ' : one.base === 'related' ? '' : `${SITUATION_LABEL[one.base]}, `;
  return `${where}${one.consent} off only`;
}

/** The outcomes the tree is coloured by, least revealing first, each with what it does to a value. */
export const OUTCOME_LEGEND: readonly { outcome: string; text: string }[] = [
  { outcome: 'allow', text: 'the value as stored' },
  { outcome: 'mask', text: 'part of the value hidden' },
  { outcome: 'generalize', text: 'a coarser value (a range, a city)' },
  { outcome: 'pseudonymize', text: 'a stable pseudonym for the audience' },
  { outcome: 'scrub', text: 'personal details removed from the text' },
  { outcome: 'placeholder', text: 'a placeholder instead of the value' },
  { outcome: 'block', text: 'withheld, with the rule named' },
  { outcome: 'shown', text: "the type's rows are returned" },
  { outcome: 'hidden', text: "the type's rows are left out" },
];

/** One outcome of a field (or of a type's rows) and the situations it holds in. */
export interface OutcomeGroup {
  outcome: string;
  rule: string;
  reason: string;
  situations: { key: SituationKey; label: string; text: string }[];
}

export interface ExplorerField {
  name: string;
  coordinate: string;
  outcomes: OutcomeGroup[];
}

export interface ExplorerType {
  name: string;
  /** Whether the type's rows are seen, for `@subject` types with row rules. */
  rows: OutcomeGroup[] | null;
  fields: ExplorerField[];
}

/** What the explorer shows for one role and purpose. */
export interface ExplorerView {
  role: Role;
  roleName: string;
  purpose: string | null;
  policyVersion: string;
  types: ExplorerType[];
  /** The text of every rule the view names (docs/policy/POLICY.md). */
  rules: Record<string, string>;
}

/** The roles a reviewer picks from, by their human names, each with the purposes it may declare. */
export function explorerRoles(policy: PolicyConfig) {
  return {
    policyVersion: policy.version,
    roles: rolesOf(policy).map((role) => ({ role, ...roleNameOf(policy, role), purposes: policy.roles[role]!.purposes })),
    legend: OUTCOME_LEGEND,
    situations: Object.fromEntries(Object.entries(SITUATION_TEXT).map(([key, text]) => [key, { label: SITUATION_LABEL[key as keyof typeof SITUATION_TEXT], text }])),
  };
}

export class ExplorerRequestError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

/** A change of the dry run, with the names and rule texts a reviewer reads. */
export interface ExplainedChange extends OutcomeChange {
  roleName: string;
  situationLabel: string;
  situationText: string;
}

export interface ExplorerDiff {
  before: string;
  after: string;
  /** How many cells change, and how many of those release data. */
  total: number;
  releases: number;
  /** How many of {@link parameters} release data (k lowered, a retention left out, a binding dropped...): a release too. */
  parameterReleases: number;
  /** The changes, the most revealing first ({@link reviewOrder}); at most {@link MAX_LISTED_CHANGES}. */
  changes: ExplainedChange[];
  omitted: number;
  parameters: ParameterChange[];
  rules: Record<string, string>;
}

/** Changes listed in one answer: a reviewer reads a list, the totals count them all. */
export const MAX_LISTED_CHANGES = 2000;

/**
 * The privacy explorer's data: the outcome table of the served policy over the served supergraph,
 * computed once per policy and supergraph (1 to 3 s) and kept, with each view built from it, until either changes, and
 * the static dry run of a proposed policy against it.
 */
export class ExplorerData {
  private cached: { policy: PolicyConfig; sdl: string; cells: OutcomeCell[]; byView: Map<string, OutcomeCell[]>; types: ReturnType<typeof annotatedTypes>; views: Map<string, ExplorerView> } | undefined;
  private proposal: { text: string; sdl: string; cells: OutcomeCell[] } | undefined;

  constructor(
    private readonly current: () => { policy: PolicyConfig; supergraph: string },
    private readonly rules: Map<string, PolicyRule>,
  ) {}

  private table() {
    const { policy, supergraph } = this.current();
    if (this.cached?.policy !== policy || this.cached.sdl !== supergraph) {
      const cells = outcomeTable(supergraph, policy);
      const byView = new Map<string, OutcomeCell[]>();
      for (const c of cells) {
        const key = viewKey(c.role, c.purpose);
        const list = byView.get(key);
        if (list) list.push(c);
        else byView.set(key, [c]);
      }
      this.cached = { policy, sdl: supergraph, cells, byView, types: annotatedTypes(supergraph), views: new Map() };
    }
    return this.cached;
  }

  roles() {
    return explorerRoles(this.current().policy);
  }

  /** The tree for `role` under `purpose` (null: no purpose declared). */
  view(role: string, purpose: string | null): ExplorerView {
    const { policy, byView, types: annotated, views } = this.table();
    if (!Object.hasOwn(policy.roles, role)) throw new ExplorerRequestError([`unknown role '${echoInput(role)}'; roles: ${rolesOf(policy).join(', ')}`]);
    const allowed = policy.roles[role]!.purposes;
    if (purpose !== null && !allowed.includes(purpose)) {
      throw new ExplorerRequestError([`role ${role} may not declare purpose '${echoInput(purpose)}'${allowed.length ? `; its purposes: ${allowed.join(', ')}` : ' (it may declare none)'}`]);
    }
    const cached = views.get(viewKey(role, purpose));
    if (cached) return cached;
    const byCoordinate = new Map<string, OutcomeCell[]>();
    for (const c of byView.get(viewKey(role, purpose)) ?? []) {
      const list = byCoordinate.get(c.coordinate);
      if (list) list.push(c);
      else byCoordinate.set(c.coordinate, [c]);
    }
    const named = new Set<string>();
    const groups = (coordinate: string) => {
      const cells = byCoordinate.get(coordinate);
      if (!cells) return null;
      for (const c of cells) named.add(c.rule);
      return groupOutcomes(cells);
    };
    const types = annotated.map((type) => ({
      name: type.typeName,
      rows: type.subject.rows ? groups(type.typeName) : null,
      fields: [...type.fields.values()]
        .map((field) => ({ name: field.coordinate.slice(type.typeName.length + 1), coordinate: field.coordinate, outcomes: groups(field.coordinate) ?? [] }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    }));
    const view = { role, roleName: roleNameOf(policy, role).name, purpose, policyVersion: policy.version, types, rules: this.ruleTexts(named) };
    views.set(viewKey(role, purpose), view);
    return view;
  }

  /** The dry run of `proposed` (already validated) against the served policy: what changes, and what it releases. */
  diff(proposedText: string, proposed: PolicyConfig): ExplorerDiff {
    const { policy, sdl, cells } = this.table();
    // An annotation naming a category, purpose or consent the proposal drops would stop the gateway (P-82).
    try {
      readCheckedPrivacyIndex(buildASTSchema(parse(sdl), { assumeValidSDL: true }), proposed);
    } catch (error) {
      throw new ExplorerRequestError([`the served schema's annotations do not pass the proposed policy: ${(error as Error).message}`]);
    }
    // The table grows with every (role, purpose): a proposal declaring hundreds would block the gateway's event loop for tens of seconds.
    const pairs = Object.values(proposed.roles).reduce((n, spec) => n + 1 + spec.purposes.length, 0);
    if (pairs > MAX_PROPOSED_ROLE_PURPOSES) throw new ExplorerRequestError([`the proposed policy declares ${pairs} (role, purpose) pairs, roles without a purpose counted once; the dry run compares at most ${MAX_PROPOSED_ROLE_PURPOSES} (run npm run policy:diff on a larger one)`]);
    if (this.proposal?.text !== proposedText || this.proposal.sdl !== sdl) this.proposal = { text: proposedText, sdl, cells: outcomeTable(sdl, proposed) };
    const all = diffOutcomes(cells, this.proposal.cells).sort((a, b) => reviewOrder(a) - reviewOrder(b));
    const listed = all.slice(0, MAX_LISTED_CHANGES);
    const named = new Set<string>();
    for (const c of listed) for (const side of [c.before, c.after]) if (side) named.add(side.rule);
    const parameters = diffParameters(policy, proposed);
    for (const m of JSON.stringify(parameters).match(/P-\d{2}/g) ?? []) named.add(m);
    return {
      before: policy.version,
      after: proposed.version,
      total: all.length,
      releases: all.filter((c) => c.releases).length,
      parameterReleases: parameters.filter((p) => p.releases).length,
      changes: listed.map((c) => ({ ...c, roleName: diffRoleName(policy, proposed, c.role), situationLabel: situationLabel(c.situation), situationText: situationText(c.situation) })),
      omitted: all.length - listed.length,
      parameters,
      rules: this.ruleTexts(named),
    };
  }

  private ruleTexts(ids: Iterable<string>): Record<string, string> {
    const texts: Record<string, string> = {};
    for (const id of [...ids].sort()) texts[id] = this.rules.get(id)?.text ?? '(not in docs/policy/POLICY.md)';
    return texts;
  }
}

const viewKey = (role: Role, purpose: string | null) => `${role}\u0000${purpose ?? ''}`;

/** (role, purpose) pairs a proposed policy may declare for the explorer's dry run: today's file has about forty. */
const MAX_PROPOSED_ROLE_PURPOSES = 120;

/** The cells of one field, merged where outcome, rule and reason agree; the most frequent first. */
function groupOutcomes(cells: OutcomeCell[]): OutcomeGroup[] {
  const groups = new Map<string, OutcomeGroup>();
  for (const c of cells) {
    const key = `${c.outcome}\u0000${c.rule}\u0000${c.reason}`;
    const situation = { key: c.situation, label: situationLabel(c.situation), text: situationText(c.situation) };
    const group = groups.get(key);
    if (group) group.situations.push(situation);
    else groups.set(key, { outcome: c.outcome, rule: c.rule, reason: c.reason, situations: [situation] });
  }
  return [...groups.values()].sort((a, b) => b.situations.length - a.situations.length);
}
