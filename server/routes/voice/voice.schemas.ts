import { z } from 'zod';
import { lineText } from '../../../domain/shared/text.ts';
import { dbId } from '../marketplace/marketplace.schemas.ts';

/** Hume config ids are UUIDs today; we accept any id-like token so a format change on their side is not ours to break. */
const eviConfigId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, 'a Hume EVI config id');
const eviConfigVersion = z.number().int().min(0).max(1_000_000).nullable().optional();

export const clientConfigBody = z.strictObject({
  clientId: dbId,
  configId: eviConfigId,
  configVersion: eviConfigVersion,
});
export const trainerConfigsBody = z.strictObject({
  clientId: dbId,
  trainers: z
    .array(
      z.strictObject({
        trainerId: dbId,
        configId: eviConfigId.nullable().describe("null removes the trainer's own config"),
        configVersion: eviConfigVersion,
      }),
    )
    .min(1)
    .max(500),
});

const evi = z.object({ configId: z.string(), version: z.number().nullable() });
export const voiceConfigList = z.object({
  client: evi.nullable(),
  trainers: z.array(evi.extend({ trainerId: z.number() })),
});

export const humeConfigResult = z.object({
  configId: z
    .string()
    .nullable()
    .describe("the EVI config to connect with: the coach's own when set, else the client's; null when none is set"),
  configVersion: z.number().nullable(),
  source: z.enum(['coach', 'client']).nullable(),
  coachTrainerId: z.number().nullable(),
  clientConfigId: z.string().nullable(),
  voice: z.union([
    z.object({
      available: z.literal(true),
      accessToken: z.string().describe('a short-lived Hume access token (never our API key)'),
      expiresAt: z.string(),
    }),
    z.object({ available: z.literal(false), code: z.string(), reason: z.string() }),
  ]),
});

export const agentName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'letters, digits, - and _ (up to 64)');

export const voiceTokenBody = z.strictObject({
  roomName: lineText(100).min(1).describe("a label the app chooses; the real room name is the server's"),
  context: lineText(500)
    .default('general')
    .describe('what the conversation is about (e.g. onboarding, coaching); handed to the agent'),
  agentName: agentName.describe("the voice agent that serves the session (one of the server's VOICE_AGENT_NAMES)"),
  onboardingSessionId: lineText(128)
    .min(1)
    .optional()
    .describe('without a bearer: continue this server-issued onboarding session; omitted = a new one'),
  dispatch: z
    .boolean()
    .default(false)
    .describe(
      "true: the token also dispatches the agent into the LiveKit room (for an agent that bridges the room's audio, which this server's agent does not do). " +
        "false (default): the app holds the EVI chat itself with evi.* below and the agent attaches to that chat through Hume's control plane",
    ),
});

export const voiceTokenResult = z.object({
  token: z.string(),
  wsUrl: z.string(),
  roomName: z.string().describe('the room the token admits to (scoped to this client and voice session)'),
  roomLabel: z.string(),
  voiceSessionId: z.string(),
  expiresAt: z.string().describe('the voice session ends at the latest then'),
  onboardingSessionId: z
    .string()
    .nullable()
    .describe('anonymous rooms: the onboarding session the conversation saves into'),
  configId: z.string().nullable(),
  evi: z
    .object({
      customSessionId: z
        .string()
        .describe(
          'pass as session_settings.custom_session_id when connecting to EVI: it ties the chat to this voice session',
        ),
      allowConnection: z
        .literal(true)
        .describe("pass as allow_connection=true: the agent attaches to the chat through Hume's control plane"),
      variables: z.object({ context: z.string() }).describe('session_settings.variables for the EVI prompt'),
    })
    .describe(
      'what the app passes to Hume when it opens the EVI chat (with the access token and config id of GET /hume-config)',
    ),
  dispatched: z.boolean().describe('whether the token dispatches the agent into the LiveKit room'),
});

/** Which configs get the tools: one client's, or (explicitly) every configured one. */
export const syncToolsBody = z.union([
  z.strictObject({ clientId: dbId.describe("only this client's configs") }),
  z.strictObject({ all: z.literal(true).describe('every configured config of every client') }),
]);
