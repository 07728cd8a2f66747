import { healthRoutes } from './health.routes.ts';
import { appRoutes } from './app.routes.ts';
import { adminRoutes } from './admin.routes.ts';

/** Every /api/v1 route, by area. A new area adds its list here. */
export const allRoutes = [...healthRoutes, ...appRoutes, ...adminRoutes];
