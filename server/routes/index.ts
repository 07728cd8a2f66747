import { healthRoutes } from './health.routes.ts';
import { appRoutes } from './app.routes.ts';
import { adminRoutes } from './admin.routes.ts';
import { agentKeyRoutes } from './agent-keys.routes.ts';

import { authRoutes } from './auth.routes.ts';
import { joinRoutes } from './join.routes.ts';
import { trainerAuthRoutes } from './trainer-auth.routes.ts';
import { partnerAuthRoutes } from './partner-auth.routes.ts';
import { accountRecoveryRoutes } from './account-recovery.routes.ts';
import { partnerMemberAccessRoutes } from './partner-member-access.routes.ts';
import { userRoutes } from './users.routes.ts';
import { planRoutes } from './plans.routes.ts';
import { aiRoutes } from './ai.routes.ts';
import { trainerRoutes } from './trainers.routes.ts';
import { notificationRoutes } from './notifications.routes.ts';
import { myBookingRoutes } from './my-bookings.routes.ts';
import { progressRoutes } from './progress.routes.ts';
import { contentRoutes } from './content.routes.ts';
import { videoRoutes } from './video.routes.ts';
import { adminContentRoutes } from './admin-content.routes.ts';
import { groupClassRoutes } from './group-classes.routes.ts';
import { sessionRoutes } from './sessions.routes.ts';
import { liveRoutes } from './live.routes.ts';
import { liveKitWebhookRoutes } from './livekit-webhook.routes.ts';
import { onboardingRoutes } from './onboarding.routes.ts';
import { trainerPortalRoutes } from './trainer-portal.routes.ts';
import { trainerPortalSessionRoutes } from './trainer-portal-sessions.routes.ts';
import { programmeRoutes } from './programmes.routes.ts';
import { calendarRoutes } from './calendar.routes.ts';
import { sessionLaunchRoutes } from './session-launch.routes.ts';
import { foodScanRoutes } from './food-scan.routes.ts';
import { partnerAnalyticsRoutes } from './partner-analytics.routes.ts';
import { partnerVoucherRoutes } from './partner-vouchers.routes.ts';
import { voiceRoutes } from './voice.routes.ts';
import { voiceWebhookRoutes } from './voice-webhook.routes.ts';
import { partnerMemberRoutes } from './partner-members.routes.ts';
import { partnerStaffRoutes } from './partner-staff.routes.ts';
import { partnerProductRoutes } from './partner-products.routes.ts';
import { partnerBillingRoutes } from './partner-billing.routes.ts';
/** Every /api/v1 route, by area. A new area adds its list here. */
export const allRoutes = [
  ...healthRoutes,
  ...appRoutes,
  ...adminRoutes,
  ...authRoutes,
  ...joinRoutes,
  ...trainerAuthRoutes,
  ...partnerAuthRoutes,
  ...accountRecoveryRoutes,
  ...partnerMemberAccessRoutes,
  ...agentKeyRoutes,
  ...userRoutes,
  ...planRoutes,
  ...aiRoutes,
  ...trainerRoutes,
  ...notificationRoutes,
  ...myBookingRoutes,
  ...progressRoutes,
  ...contentRoutes,
  ...videoRoutes,
  ...adminContentRoutes,
  ...groupClassRoutes,
  ...sessionRoutes,
  ...liveRoutes,
  ...liveKitWebhookRoutes,
  ...onboardingRoutes,
  ...trainerPortalRoutes,
  ...trainerPortalSessionRoutes,
  ...programmeRoutes,
  ...calendarRoutes,
  ...sessionLaunchRoutes,
  ...foodScanRoutes,
  ...partnerAnalyticsRoutes,
  ...partnerVoucherRoutes,
  ...voiceRoutes,
  ...voiceWebhookRoutes,
  ...partnerMemberRoutes,
  ...partnerStaffRoutes,
  ...partnerProductRoutes,
  ...partnerBillingRoutes,
];
