import { route } from '../../http/route.ts';
import { browseClasses, getClassDetail } from '../../../domain/content/browse-classes.ts';
import { clientCategoriesPage } from '../../../domain/content/categories.ts';
import { discoverJson, heldCatalogue } from '../../../domain/content/discover.ts';
import { searchClasses } from '../../../domain/content/search-classes.ts';
import { requireUser } from '../../../domain/shared/context.ts';
import { pageQuery, pageSchema } from '../../../domain/shared/pagination.ts';
import * as s from './content.schemas.ts';

const tag = 'content';

export const contentRoutes = [
  route({
    method: 'get',
    path: '/content/discover',
    tag,
    auth: 'user',
    feature: 'classes',
    summary:
      'Home screen: featured, continue watching, upcoming live, categories, new this week (tenant sections cached ~30 s)',
    response: s.discoverResponse,
    handler: async (_i, call) => discoverJson(call.ctx, requireUser(call.ctx).userId, call.services.contentCache),
  }),
  route({
    method: 'get',
    path: '/content/classes',
    tag,
    auth: 'key',
    feature: 'classes',
    summary:
      'Browse classes: category (name), trainer (id), intensity, minDuration/maxDuration (minutes), isLive, sort; paginated',
    query: s.classListQuery,
    response: s.classPage,
    handler: async ({ query }, call) =>
      browseClasses(call.ctx, query, () => heldCatalogue(call.ctx, call.services.contentCache)),
  }),
  route({
    method: 'get',
    path: '/content/classes/:id',
    tag,
    auth: 'key',
    feature: 'classes',
    summary: 'One class with its trainer, category and related classes',
    params: s.classParams,
    response: s.classDetail,
    handler: async ({ params }, call) => getClassDetail(call.ctx, params.id),
  }),
  route({
    method: 'get',
    path: '/content/search',
    tag,
    auth: 'key',
    limit: 'search',
    feature: 'classes',
    summary: 'Full-text search over class, description, trainer and category names; tolerant of small typos',
    query: s.searchQuery,
    response: s.searchResult,
    handler: async ({ query }, call) => searchClasses(call.ctx, query.q, query.limit),
  }),
  route({
    method: 'get',
    path: '/content/categories',
    tag,
    auth: 'key',
    feature: 'classes',
    summary: "The client's categories with classCount and image",
    query: pageQuery,
    response: pageSchema(s.clientCategory),
    handler: async ({ query }, call) => clientCategoriesPage(call.ctx, query),
  }),
];
