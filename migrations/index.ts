import type { MigrationObject } from '@mikro-orm/core';
import { Migration0001PlatformCore } from './0001-platform-core.ts';
import { Migration0003JobTicks } from './0003-job-ticks.ts';
import { Migration0004AgentKeys } from './0004-agent-keys.ts';
import { Migration0005Extensions } from './0005-extensions.ts';
import { Migration0010Content } from './0010-content.ts';
import { Migration0011ContentSearchNamesTrgm } from './0011-content-search-names-trgm.ts';
import { Migration0020Marketplace } from './0020-marketplace.ts';
import { Migration0021CalendarFeeds } from './0021-calendar-feeds.ts';
import { Migration0022ClassRosterCount } from './0022-class-roster-count.ts';
import { Migration0030Personalisation } from './0030-personalisation.ts';
import { Migration0040ViewingSessions } from './0040-viewing-sessions.ts';
import { Migration0041LivePresence } from './0041-live-presence.ts';
import { Migration0050ClientRateQuota } from './0050-client-rate-quota.ts';
import { Migration0051OnboardingServerIds } from './0051-onboarding-server-ids.ts';
import { Migration0055AccountRecovery } from './0055-account-recovery.ts';
import { Migration0060PartnerPortal } from './0060-partner-portal.ts';
import { Migration0065UsageRecord } from './0065-usage-record.ts';
import { Migration0066PartnerBilling } from './0066-partner-billing.ts';
import { Migration0067UsageWatchJob } from './0067-usage-watch-job.ts';
import { Migration0070Voice } from './0070-voice.ts';
import { Migration0105MarketplaceRevisions } from './0105-marketplace-revisions.ts';
import { Migration0085ManualJobRuns } from './0085-manual-job-runs.ts';
import { Migration0090RowLevelSecurity } from './0090-row-level-security.ts';
import { Migration0095UsageDailyRollup } from './0095-usage-daily-rollup.ts';
import { Migration0100VoiceAgentChats } from './0100-voice-agent-chats.ts';
import { Migration0120LivePresenceVersions } from './0120-live-presence-versions.ts';
import { Migration0145LivePresenceSlot } from './0145-live-presence-slot.ts';
import { Migration0150VoiceAgentChatLeases } from './0150-voice-agent-chat-leases.ts';
import { Migration0155LivePresenceWindow } from './0155-live-presence-window.ts';

/**
 * Every migration, in the order of its number (test/schema-truth.test.ts checks that, and that every file is
 * listed). Listed explicitly so the same list runs from source, tests and the CLI. A database migrated before
 * 0010-0011 moved ahead of 0020-0022 already recorded all five: only pending names run, so nothing reruns.
 */
export const migrations: MigrationObject[] = [
  { name: '0001-platform-core', class: Migration0001PlatformCore },
  { name: '0003-job-ticks', class: Migration0003JobTicks },
  { name: '0004-agent-keys', class: Migration0004AgentKeys },
  { name: '0005-extensions', class: Migration0005Extensions },
  { name: '0010-content', class: Migration0010Content },
  { name: '0011-content-search-names-trgm', class: Migration0011ContentSearchNamesTrgm },
  { name: '0020-marketplace', class: Migration0020Marketplace },
  { name: '0021-calendar-feeds', class: Migration0021CalendarFeeds },
  { name: '0022-class-roster-count', class: Migration0022ClassRosterCount },
  { name: '0030-personalisation', class: Migration0030Personalisation },
  { name: '0040-viewing-sessions', class: Migration0040ViewingSessions },
  { name: '0041-live-presence', class: Migration0041LivePresence },
  { name: '0050-client-rate-quota', class: Migration0050ClientRateQuota },
  { name: '0051-onboarding-server-ids', class: Migration0051OnboardingServerIds },
  { name: '0055-account-recovery', class: Migration0055AccountRecovery },
  { name: '0060-partner-portal', class: Migration0060PartnerPortal },
  { name: '0065-usage-record', class: Migration0065UsageRecord },
  { name: '0066-partner-billing', class: Migration0066PartnerBilling },
  { name: '0067-usage-watch-job', class: Migration0067UsageWatchJob },
  { name: '0070-voice', class: Migration0070Voice },
  { name: '0085-manual-job-runs', class: Migration0085ManualJobRuns },
  { name: '0090-row-level-security', class: Migration0090RowLevelSecurity },
  { name: '0095-usage-daily-rollup', class: Migration0095UsageDailyRollup },
  { name: '0100-voice-agent-chats', class: Migration0100VoiceAgentChats },
  { name: '0105-marketplace-revisions', class: Migration0105MarketplaceRevisions },
  { name: '0120-live-presence-versions', class: Migration0120LivePresenceVersions },
  { name: '0145-live-presence-slot', class: Migration0145LivePresenceSlot },
  { name: '0150-voice-agent-chat-leases', class: Migration0150VoiceAgentChatLeases },
  { name: '0155-live-presence-window', class: Migration0155LivePresenceWindow },
];
