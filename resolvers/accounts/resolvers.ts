import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { SubgraphContext } from '../subgraph-context.js';
import { Guardianship, LoginBinding, Member, RealNameVerification } from './member.entity.js';

/** A cancelled member resolves to nothing (P-62): their rows are anonymized, never served. */
const live = (member: any) => (member && !member.cancelledAt ? member : null);

export const accountsResolvers: GraphQLResolverMap<SubgraphContext> = {
  Query: {
    me: async (_, __, ctx) => (ctx.callerSub ? live(await ctx.loaders.byId(Member).load(ctx.callerSub)) : null),
    member: async (_, { id }, ctx) => live(await ctx.loaders.byId(Member).load(id)),
    members: async (_, { ids }, ctx) => (await ctx.loaders.byId(Member).loadMany(ids)).map(live).filter(Boolean),
  },
  Member: {
    __resolveReference: async (ref: { id: string }, ctx: SubgraphContext) => live(await ctx.loaders.byId(Member).load(ref.id)),
    realNameVerification: (member: any, _: unknown, ctx: SubgraphContext) => ctx.loaders.byId(RealNameVerification, 'memberId').load(member.id),
    loginBindings: (member: any, _: unknown, ctx: SubgraphContext) => ctx.loaders.manyBy(LoginBinding, 'memberId').load(member.id),
    wards: async (member: any, _: unknown, ctx: SubgraphContext) => {
      const links = await ctx.loaders.manyBy(Guardianship, 'guardianId').load(member.id);
      const wards = await ctx.loaders.byId(Member).loadMany(links.map((l: any) => l.minorId));
      return wards.map(live).filter(Boolean);
    },
  } as any,
  RealNameVerification: {
    verifiedAt: (row: any) => row.verifiedAt?.toISOString?.() ?? row.verifiedAt ?? null,
  },
};
