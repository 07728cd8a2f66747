import { route } from '../../http/route.ts';
import { pageQuery } from '../../../domain/shared/pagination.ts';
import {
  createPartnerProduct,
  deletePartnerProduct,
  getPartnerProduct,
  listClientProducts,
  listPartnerProducts,
  presentProduct,
  updatePartnerProduct,
} from '../../../domain/partners/partner-products.ts';
import {
  appProductPageSchema,
  productBody,
  productPageSchema,
  productParams,
  productPatchBody,
  productSchema,
} from './partner-products.schemas.ts';

const tag = 'partner';

/** Affiliate products: partners manage theirs (owner writes, viewer reads); apps list their client's. */
export const partnerProductRoutes = [
  route({
    method: 'get',
    path: '/partner/products',
    tag,
    auth: 'partner',
    summary: "The partner's affiliate products; paginated",
    query: pageQuery,
    response: productPageSchema,
    handler: async ({ query }, call) => listPartnerProducts(call.ctx, query),
  }),
  route({
    method: 'post',
    path: '/partner/products',
    tag,
    auth: 'partner',
    status: 201,
    summary: 'Add an affiliate product (owner)',
    body: productBody,
    response: productSchema,
    handler: async ({ body }, call) =>
      presentProduct(await call.transact(call.ctx, (tx) => createPartnerProduct(tx, body))),
  }),
  route({
    method: 'get',
    path: '/partner/products/:id',
    tag,
    auth: 'partner',
    summary: 'One affiliate product of the partner',
    params: productParams,
    response: productSchema,
    handler: async ({ params }, call) => presentProduct(await getPartnerProduct(call.ctx, params.id)),
  }),
  route({
    method: 'put',
    path: '/partner/products/:id',
    tag,
    auth: 'partner',
    summary: 'Change an affiliate product (owner); the fields given',
    params: productParams,
    body: productPatchBody,
    response: productSchema,
    handler: async ({ params, body }, call) =>
      presentProduct(await call.transact(call.ctx, (tx) => updatePartnerProduct(tx, params.id, body))),
  }),
  route({
    method: 'delete',
    path: '/partner/products/:id',
    tag,
    auth: 'partner',
    summary: 'Remove an affiliate product (owner)',
    params: productParams,
    handler: async ({ params }, call) => {
      await call.transact(call.ctx, (tx) => deletePartnerProduct(tx, params.id));
      return { deleted: true };
    },
  }),
  route({
    method: 'get',
    path: '/products',
    tag: 'app',
    auth: 'key',
    summary: "The client's partner products, for the app; paginated",
    query: pageQuery,
    response: appProductPageSchema,
    handler: async ({ query }, call) => listClientProducts(call.ctx, query),
  }),
];
