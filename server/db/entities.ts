import { ApiKey } from '../../domain/tenancy/api-key.entity.ts';
import { Client } from '../../domain/tenancy/client.entity.ts';
import { User } from '../../domain/identity/user.entity.ts';
import { Trainer, TrainerInvite } from '../../domain/identity/trainer.entity.ts';
import { Partner, PartnerStaff } from '../../domain/identity/partner.entity.ts';
import { Voucher } from '../../domain/identity/voucher.entity.ts';
import { PlatformAdmin } from '../../domain/identity/platform-admin.entity.ts';
import { RefreshToken } from '../../domain/auth/refresh-token.entity.ts';
import { Category, ClientCategory } from '../../domain/content/category.entity.ts';
import { ContentClass } from '../../domain/content/class.entity.ts';
import { ViewingSession } from '../../domain/viewing/viewing-session.entity.ts';
import { PartnerProduct } from '../../domain/partners/partner-product.entity.ts';

/** Entities that belong to one tenant: all carry `clientId` and are read through the tenant filter. */
export const tenantEntities = [
  User,
  Trainer,
  TrainerInvite,
  Partner,
  PartnerStaff,
  Voucher,
  RefreshToken,
  ClientCategory,
  ContentClass,
  ViewingSession,
  PartnerProduct,
];

/** Platform-level entities: the tenants themselves, keys (resolved before a tenant is known), admins. */
export const platformEntities = [Client, ApiKey, PlatformAdmin, Category];

export const entities = [...platformEntities, ...tenantEntities];
