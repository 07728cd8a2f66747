import { z } from 'zod';
import { route } from '../../http/route.ts';
import { pageQuery, pageSchema } from '../../../domain/shared/pagination.ts';
import {
  assignCategories,
  createCategory,
  deleteCategory,
  listAllCategories,
  presentCategory,
  updateCategory,
} from '../../../domain/content/categories.ts';
import { importCatalogue } from '../../../domain/content/import-catalogue.ts';
import {
  createClass,
  deleteClass,
  listClassesForAdmin,
  presentAdminClass,
  updateClass,
} from '../../../domain/content/manage-classes.ts';
import { adminContext } from './admin-context.ts';
import { clientParams } from './admin.schemas.ts';
import { clientCategory } from '../content/content.schemas.ts';
import * as s from './admin-content.schemas.ts';

const tag = 'admin';

/** Categories are platform-wide; classes belong to one client. Every change empties the discover cache (`invalidates`). */
export const adminContentRoutes = [
  route({
    method: 'get',
    path: '/admin/categories',
    tag,
    auth: 'admin',
    summary: 'The platform-wide category catalogue',
    query: pageQuery,
    response: pageSchema(s.categorySchema),
    handler: async ({ query }, call) => listAllCategories(call.platformEm(), query),
  }),
  route({
    method: 'post',
    path: '/admin/categories',
    tag,
    auth: 'admin',
    status: 201,
    summary: 'Create a category (name, slug, imageUrl)',
    body: s.categoryBody,
    response: s.categorySchema,
    handler: async ({ body }, call) => presentCategory(await createCategory(call.platformEm(), body)),
  }),
  route({
    method: 'patch',
    path: '/admin/categories/:categoryId',
    tag,
    auth: 'admin',
    summary: 'Rename a category or change its image',
    params: s.categoryParams,
    body: s.categoryUpdateBody,
    response: s.categorySchema,
    invalidates: 'discover-all',
    handler: async ({ params, body }, call) =>
      presentCategory(await updateCategory(call.platformEm(), params.categoryId, body)),
  }),
  route({
    method: 'delete',
    path: '/admin/categories/:categoryId',
    tag,
    auth: 'admin',
    summary: 'Delete a category (classes keep existing, uncategorised)',
    params: s.categoryParams,
    response: z.object({ deleted: z.literal(true) }),
    invalidates: 'discover-all',
    handler: async ({ params }, call) => {
      await deleteCategory(call.platformEm(), params.categoryId);
      return { deleted: true as const };
    },
  }),
  route({
    method: 'put',
    path: '/admin/clients/:clientId/categories',
    tag,
    auth: 'admin',
    summary: 'Set which categories a client shows, in this order',
    params: clientParams,
    body: s.assignCategoriesBody,
    response: pageSchema(clientCategory),
    invalidates: 'discover',
    handler: async ({ params, body }, call) =>
      call.transact(await adminContext(call, params.clientId), (tx) => assignCategories(tx, body.categoryIds)),
  }),
  route({
    method: 'get',
    path: '/admin/clients/:clientId/classes',
    tag,
    auth: 'admin',
    summary: "A client's classes, drafts included",
    params: clientParams,
    query: pageQuery,
    response: s.adminClassPage,
    handler: async ({ params, query }, call) => listClassesForAdmin(await adminContext(call, params.clientId), query),
  }),
  route({
    method: 'post',
    path: '/admin/clients/:clientId/classes',
    tag,
    auth: 'admin',
    status: 201,
    summary: 'Create a class (on-demand, or live with `live{scheduledAt,capacity}`); the trainer must be this client’s',
    params: clientParams,
    body: s.classBody,
    response: s.adminClassSchema,
    invalidates: 'discover',
    handler: async ({ params, body }, call) =>
      presentAdminClass(await call.transact(await adminContext(call, params.clientId), (tx) => createClass(tx, body))),
  }),
  route({
    method: 'post',
    path: '/admin/clients/:clientId/live-classes',
    tag,
    auth: 'admin',
    status: 201,
    summary: 'Schedule a live class (scheduledAt in the future, optional capacity)',
    params: clientParams,
    body: s.liveClassBody,
    response: s.adminClassSchema,
    invalidates: 'discover',
    handler: async ({ params, body }, call) => {
      const ctx = await adminContext(call, params.clientId);
      const { scheduledAt, capacity, ...fields } = body;
      return presentAdminClass(
        await call.transact(ctx, (tx) =>
          createClass(tx, { ...fields, live: { scheduledAt, capacity: capacity ?? null } }),
        ),
      );
    },
  }),
  route({
    method: 'post',
    path: '/admin/clients/:clientId/classes/import',
    tag,
    auth: 'admin',
    summary: 'Import catalogue rows (what `content:import` sends): good rows are kept, bad rows come back by line',
    params: clientParams,
    body: s.importBody,
    response: s.importResponse,
    invalidates: 'discover',
    handler: async ({ params, body }, call) =>
      call.transact(await adminContext(call, params.clientId), (tx) => importCatalogue(tx, body.rows)),
  }),
  route({
    method: 'patch',
    path: '/admin/clients/:clientId/classes/:classId',
    tag,
    auth: 'admin',
    summary: 'Change a class (partial)',
    params: s.clientClassParams,
    body: s.classUpdateBody,
    response: s.adminClassSchema,
    invalidates: 'discover',
    handler: async ({ params, body }, call) =>
      presentAdminClass(
        await call.transact(await adminContext(call, params.clientId), (tx) => updateClass(tx, params.classId, body)),
      ),
  }),
  route({
    method: 'delete',
    path: '/admin/clients/:clientId/classes/:classId',
    tag,
    auth: 'admin',
    summary: 'Delete a class',
    params: s.clientClassParams,
    response: z.object({ deleted: z.literal(true) }),
    invalidates: 'discover',
    handler: async ({ params }, call) => {
      await call.transact(await adminContext(call, params.clientId), (tx) => deleteClass(tx, params.classId));
      return { deleted: true as const };
    },
  }),
];
