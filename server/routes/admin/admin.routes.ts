import { adminClientRoutes } from './admin-clients.routes.ts';
import { adminKeyRoutes } from './admin-keys.routes.ts';
import { adminPartnerRoutes } from './admin-partners.routes.ts';
import { adminVoucherRoutes } from './admin-vouchers.routes.ts';
import { adminTrainerRoutes } from './admin-trainers.routes.ts';
import { adminJobRoutes } from './admin-jobs.routes.ts';
import { adminAccountRoutes } from './admin-accounts.routes.ts';
import { adminPartnerBillingRoutes } from './admin-partner-billing.routes.ts';

/** The platform admin API (X-Admin-Token or a platform admin's token). The CLI reaches the same domain functions. */
export const adminRoutes = [
  ...adminClientRoutes,
  ...adminKeyRoutes,
  ...adminPartnerRoutes,
  ...adminVoucherRoutes,
  ...adminTrainerRoutes,
  ...adminJobRoutes,
  ...adminAccountRoutes,
  ...adminPartnerBillingRoutes,
];
