import { healthRoutes } from './platform/health.routes.ts';
import { appRoutes } from './platform/app.routes.ts';
import { adminRoutes } from './admin/admin.routes.ts';
import { agentKeyRoutes } from './voice/agent-keys.routes.ts';

import { authRoutes } from './auth/auth.routes.ts';
import { joinRoutes } from './auth/join.routes.ts';
import { trainerAuthRoutes } from './auth/trainer-auth.routes.ts';
import { partnerAuthRoutes } from './partner/partner-auth.routes.ts';
import { accountRecoveryRoutes } from './auth/account-recovery.routes.ts';
import { partnerMemberAccessRoutes } from './partner/partner-member-access.routes.ts';
import { userRoutes } from './personalisation/users.routes.ts';
import { planRoutes } from './personalisation/plans.routes.ts';
import { aiRoutes } from './personalisation/ai.routes.ts';
import { trainerRoutes } from './marketplace/trainers.routes.ts';
import { notificationRoutes } from './marketplace/notifications.routes.ts';
import { myBookingRoutes } from './marketplace/my-bookings.routes.ts';
import { progressRoutes } from './viewing/progress.routes.ts';
import { contentRoutes } from './content/content.routes.ts';
import { videoRoutes } from './content/video.routes.ts';
import { adminContentRoutes } from './admin/admin-content.routes.ts';
import { groupClassRoutes } from './marketplace/group-classes.routes.ts';
import { sessionRoutes } from './viewing/viewing-sessions.routes.ts';
import { liveRoutes } from './live/live.routes.ts';
import { liveKitWebhookRoutes } from './live/livekit-webhook.routes.ts';
import { onboardingRoutes } from './personalisation/onboarding.routes.ts';
import { trainerPortalRoutes } from './marketplace/trainer-portal.routes.ts';
import { trainerPortalSessionRoutes } from './marketplace/trainer-portal-bookings.routes.ts';
import { programmeRoutes } from './marketplace/programmes.routes.ts';
import { calendarRoutes } from './marketplace/calendar.routes.ts';
import { sessionLaunchRoutes } from './marketplace/booking-session-launch.routes.ts';
import { foodScanRoutes } from './personalisation/food-scan.routes.ts';
import { partnerAnalyticsRoutes } from './partner/partner-analytics.routes.ts';
import { partnerVoucherRoutes } from './partner/partner-vouchers.routes.ts';
import { voiceRoutes } from './voice/voice.routes.ts';
import { voiceWebhookRoutes } from './voice/voice-webhook.routes.ts';
import { partnerMemberRoutes } from './partner/partner-members.routes.ts';
import { partnerStaffRoutes } from './partner/partner-staff.routes.ts';
import { partnerProductRoutes } from './partner/partner-products.routes.ts';
import { partnerBillingRoutes } from './partner/partner-billing.routes.ts';
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
