import type { ErrorKind } from './errors.ts';

/**
 * Every `code` the server can answer with, what it means and what a caller should do. The HTTP status comes
 * from the kind through the one mapping table (server/http/error-map.ts); socket acks carry the same codes.
 * test/error-catalogue.test.ts scans the source for codes, so a code thrown anywhere but missing here fails.
 */
export interface CatalogueEntry {
  /** Usually one; a code answered with different statuses in different situations lists each kind. */
  kinds: ErrorKind[];
  meaning: string;
  /** What to do; when absent the kind's general advice applies (`adviceByKind`). */
  todo?: string;
}

export const adviceByKind: Record<ErrorKind | 'internal', string> = {
  validation: 'Fix the request: `details` lists each field (`field`, `message`). Do not retry unchanged.',
  unauthenticated:
    'Send valid credentials: the X-API-Key header and/or a fresh access token (refresh or sign in again).',
  forbidden: 'The caller is known but may not do this; do not retry with the same credentials.',
  not_found: 'Check the id. Objects of another client or another user also answer 404, on purpose.',
  conflict: 'The state changed or the record exists; reload what you show and decide again.',
  gone: 'The object existed and has expired or ended; start a new one.',
  payload_too_large: 'Send a smaller body or file.',
  unsupported_media: 'Send the content type the route documents.',
  rule: 'The request is well formed but a business rule refuses it now; `error` explains which; show it to the user.',
  rate_limited: 'Wait the seconds in the Retry-After header, then retry.',
  unavailable:
    'A dependency or this node is not available; retry later with backoff, or ask the operator to configure it.',
  internal: 'A server fault; retry later and report the `requestId` to the operator.',
};

const e = (kind: ErrorKind | ErrorKind[], meaning: string, todo?: string): CatalogueEntry => ({
  kinds: Array.isArray(kind) ? kind : [kind],
  meaning,
  ...(todo ? { todo } : {}),
});

export const errorCatalogue: Record<string, CatalogueEntry> = {
  // Input
  VALIDATION_ERROR: e(
    'validation',
    'The body, query, path parameters or socket payload do not match the schema; unknown keys are refused too.',
  ),
  INVALID_JSON: e('validation', 'The request body is not valid JSON.'),
  BAD_REQUEST: e('validation', 'The request could not be read (malformed multipart, bad encoding).'),
  PAYLOAD_TOO_LARGE: e('payload_too_large', 'The body or uploaded image is over the limit.'),
  UNSUPPORTED_MEDIA_TYPE: e(
    'unsupported_media',
    'The content type or image format is not accepted (images: JPEG, PNG, WebP).',
  ),
  IDEMPOTENCY_KEY_REUSED: e(
    'rule',
    'This Idempotency-Key was already used for a different request.',
    'Use a new key for a new request; reuse a key only to retry the very same request.',
  ),
  // Credentials
  API_KEY_REQUIRED: e('unauthenticated', 'The X-API-Key header is missing.'),
  INVALID_API_KEY: e(
    'unauthenticated',
    'The API key is unknown, rotated or revoked.',
    'Use a current key of your client (admins rotate keys).',
  ),
  CLIENT_KEY_REQUIRED: e(
    'unauthenticated',
    'The route needs a client (not universal) API key or a user token to know the tenant.',
  ),
  UNAUTHORIZED: e('unauthenticated', 'A bearer token is required and none was sent.'),
  INVALID_TOKEN: e(
    'unauthenticated',
    'The access token is malformed, badly signed, of the wrong kind, or its account no longer exists.',
    'Sign in again.',
  ),
  TOKEN_EXPIRED: e(
    'unauthenticated',
    'The access token has expired.',
    'Call POST /auth/refresh with the refresh token, then retry.',
  ),
  TOKEN_REVOKED: e('unauthenticated', 'The session of this token was signed out or revoked.', 'Sign in again.'),
  INVALID_REFRESH_TOKEN: e(
    'unauthenticated',
    'The refresh token is unknown, expired or its account is gone.',
    'Sign in again.',
  ),
  REFRESH_TOKEN_REUSED: e(
    'unauthenticated',
    'A refresh token was used twice; the whole session was signed out as a precaution.',
    'Sign in again; refresh each token only once.',
  ),
  INVALID_CREDENTIALS: e(
    ['unauthenticated', 'forbidden'],
    'Wrong e-mail or password (401; the same answer for an unknown e-mail), or a wrong current password when changing it (403).',
  ),
  ACCOUNT_DEACTIVATED: e(
    'unauthenticated',
    'This partner staff account has been deactivated.',
    'Ask the partner owner to reactivate it.',
  ),
  ACCOUNT_SUSPENDED: e(
    'forbidden',
    'The partner that gave this user access has suspended it.',
    'Contact the partner (gym, employer) that gave access.',
  ),
  ADMIN_TOKEN_REQUIRED: e('unauthenticated', 'An admin route was called without X-Admin-Token.'),
  INVALID_ADMIN_TOKEN: e('unauthenticated', 'The admin token is wrong or expired.'),
  INVALID_AGENT_KEY: e('unauthenticated', 'The voice agent key is unknown or revoked.'),
  INVALID_WEBHOOK_SIGNATURE: e(
    'unauthenticated',
    'A webhook is unsigned or its signature does not match its body.',
    'Check the webhook secret shared with the vendor.',
  ),
  TENANT_MISMATCH: e(
    'unauthenticated',
    'A socket token or key belongs to another client than the namespace it connects to.',
    'Connect to /clients/<your client slug>.',
  ),
  NAMESPACE_REQUIRED: e(
    'not_found',
    'A socket connected to the root namespace.',
    "Connect to your tenant's namespace, /clients/<client slug>.",
  ),
  UNKNOWN_CLIENT: e('not_found', 'No client has this socket namespace.', 'Connect to /clients/<your client slug>.'),
  FORBIDDEN: e(
    'forbidden',
    'The caller may not use this route (e.g. a user on a trainer route, a staff role without the right).',
  ),
  FEATURE_DISABLED: e(
    'forbidden',
    'The feature behind this route is not enabled for this client.',
    'Ask the operator to enable it for the client.',
  ),
  PREMIUM_REQUIRED: e(
    'forbidden',
    'This premium content needs a premium entitlement.',
    'Offer the user a premium voucher or plan.',
  ),
  NO_TRAINER_PROFILE: e(
    'forbidden',
    'The account has the trainer role but no trainer profile.',
    'An admin creates the trainer and invites the account.',
  ),
  OWNER_ROLE_REQUIRED: e(
    'forbidden',
    'A partner viewer tried to change the partner portal; only owners may.',
    'Ask a partner owner.',
  ),
  NOT_YOUR_CLASS: e('forbidden', 'Only the trainer of this live class may start or end it.'),
  TOO_MANY_REQUESTS: e('rate_limited', 'Too many password reset requests from this address.'),
  CURRENT_PASSWORD_WRONG: e(
    'forbidden',
    'The current password given to change-password is wrong (counted like a failed sign-in).',
    'Retry with the current password, or reset it.',
  ),
  NAMED_ADMIN_REQUIRED: e(
    'forbidden',
    'The shared ADMIN_TOKEN has no password to change.',
    'Sign in as a named admin.',
  ),
  TOO_MANY_SOCKETS: e(
    'rate_limited',
    'The account already has SOCKET_MAX_PER_ACCOUNT open sockets (counted across nodes).',
    'Close a socket the app no longer uses.',
  ),
  RATE_LIMITED: e('rate_limited', 'Too many requests or socket events from this caller.'),
  // Accounts and onboarding
  USER_EXISTS: e(
    'conflict',
    'An account with this e-mail already exists in this client.',
    'Sign in instead, or reset the password.',
  ),
  ADMIN_EXISTS: e('conflict', 'A platform admin with this e-mail already exists.'),
  STAFF_EXISTS: e('conflict', 'A partner staff account with this e-mail already exists.'),
  CLIENT_EXISTS: e('conflict', 'Another client already has this slug or is already the default client.'),
  VOUCHER_REQUIRED: e(
    'validation',
    'This client only registers users with a voucher code.',
    'Ask the user for their voucher code.',
  ),
  INVALID_VOUCHER: e(
    ['validation', 'conflict', 'not_found'],
    'The voucher is unknown, expired, revoked or of another client (400; 404 on the join link), or already redeemed (409).',
  ),
  NO_DEFAULT_CLIENT: e(
    'validation',
    'Registration without a client needs a voucher: the server has no default client.',
  ),
  INVALID_COACH: e('validation', '`coachId` is not an active trainer of this client.'),
  COACH_NOT_FOUND: e('not_found', 'No active coach of this client has this id.'),
  INVALID_INVITE: e(
    ['validation', 'conflict'],
    'The trainer invite code is unknown or expired (400), or was redeemed meanwhile (409).',
    'Ask the operator for a new invite.',
  ),
  TRAINER_REGISTERED: e('conflict', 'This trainer has already registered an account.', 'Sign in as the trainer.'),
  CODE_SPACE_EXHAUSTED: e('unavailable', 'No unique invite code could be drawn.', 'Retry; report it if it repeats.'),
  INVALID_RESET_TOKEN: e(
    'validation',
    'The password reset code is invalid, already used or expired.',
    'Request a new reset code.',
  ),
  ONBOARDING_SESSION_NOT_FOUND: e(
    ['rule', 'not_found'],
    'No onboarding session with this id for this client (or it expired): 422 when registering with it, 404 when reading it.',
    'Start a new onboarding session.',
  ),
  ONBOARDING_SESSION_EXPIRED: e('gone', 'The onboarding session expired (24 h after its last change).'),
  CANNOT_DEACTIVATE_SELF: e(
    'conflict',
    'A partner staff member tried to deactivate their own account.',
    'Another owner does it.',
  ),
  VOUCHER_NOT_ACTIVE: e('conflict', 'Only an active voucher can be revoked.'),
  VOUCHER_REDEEMED: e('conflict', 'A redeemed voucher cannot be revoked.'),
  // Generic
  NOT_FOUND: e('not_found', 'The object does not exist for this caller.'),
  CONFLICT: e('conflict', 'The request conflicts with an existing record.'),
  INTERNAL_ERROR: {
    kinds: [],
    meaning: 'An unexpected server fault (status 500); no internals are shown.',
    todo: adviceByKind.internal,
  },
  NOT_READY: e(
    'unavailable',
    'The node is starting or a dependency (database, Redis) is down (GET /health/ready).',
    'Route traffic to another node until ready.',
  ),
  DATABASE_UNAVAILABLE: e('unavailable', 'The database did not answer (connection lost or pool exhausted).'),
  SHUTTING_DOWN: e('unavailable', 'This node is shutting down.', 'Reconnect (another node answers) and send again.'),
  UNKNOWN_EVENT: e(
    'validation',
    'The socket event is not one the server handles.',
    'Check the event name against the realtime contract.',
  ),
  JOB_NOT_FOUND: e('not_found', 'No job has this name.', 'List the jobs with GET /admin/jobs.'),
  // Content and viewing
  CLASS_NOT_FOUND: e('not_found', 'The class does not exist or is not visible to this caller.'),
  VIDEO_UNAVAILABLE: e('rule', 'This class has no video to play.'),
  SESSION_NOT_FOUND: e('not_found', 'The viewing session does not exist or is not yours.'),
  SESSION_OVER: e('rule', 'The viewing session is completed or abandoned.', 'Start a new session.'),
  // Live classes
  LIVE_CLASS_NOT_FOUND: e('not_found', 'The live class does not exist for this client.'),
  LIVE_CLASS_NOT_STARTED: e('conflict', 'The live class has not started yet.', 'Join at the scheduled time.'),
  LIVE_CLASS_ENDED: e('conflict', 'The live class has ended.'),
  LIVE_CLASS_FULL: e('conflict', 'The live class has reached its capacity.'),
  LIVE_CLASS_STARTED: e('rule', 'A live class that has started cannot be rescheduled.'),
  NOT_A_LIVE_CLASS: e('rule', 'Only a live class has a schedule and capacity.'),
  IN_THE_PAST: e('rule', 'A class must be scheduled in the future.'),
  LIVEKIT_NOT_CONFIGURED: e(
    'unavailable',
    'Live video is not configured on this server.',
    'The operator sets LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET.',
  ),
  LIVEKIT_UNAVAILABLE: e('unavailable', 'The live video service did not answer as expected.'),
  // Marketplace
  TRAINER_NOT_FOUND: e('not_found', 'No trainer of this client has this id.'),
  TRAINER_INACTIVE: e('rule', 'The trainer is not taking bookings.'),
  SLOT_UNAVAILABLE: e(
    ['conflict', 'rule'],
    "The slot was just taken or is not one of the trainer's slots.",
    'Reload the availability and pick another slot.',
  ),
  TOO_SOON: e('rule', "The slot is closer than the trainer's minimum notice."),
  OUTSIDE_BOOKING_WINDOW: e('rule', "The slot is further ahead than the trainer's booking window."),
  TIME_TAKEN: e('conflict', 'The trainer already has a session or class at this time.'),
  BOOKING_CHANGED: e('conflict', 'The booking changed meanwhile.', 'Reload the booking and decide again.'),
  INVALID_TRANSITION: e(
    'rule',
    'The booking or subscription is not in a state that allows this action.',
    'Reload it; `details` gives the current state.',
  ),
  SESSION_STARTED: e('rule', 'A session that has started cannot be cancelled or moved.'),
  SESSION_NOT_STARTED: e('rule', 'A session can be completed or marked a no-show only once it has started.'),
  TOO_EARLY: e('rule', 'The session opens a few minutes before its start.', 'Retry at the start time.'),
  NOT_LAUNCHED: e(
    'rule',
    'The trainer has not started this session yet.',
    'Wait for the trainer; the app is told when it starts.',
  ),
  CLASS_FULL: e('conflict', 'The group class and its waitlist are full.'),
  CLASS_STARTED: e('rule', 'The group class has started or is about to.'),
  CLASS_NOT_OPEN: e('rule', 'Only a scheduled group class can be joined, left or cancelled.'),
  ALREADY_ENROLLED: e('conflict', 'The user is already on this group class.'),
  NOT_ENROLLED: e('not_found', 'The user is not on this group class.'),
  CAPACITY_BELOW_JOINED: e('conflict', 'More people have joined than the new capacity allows.'),
  TOO_MANY_EXCEPTIONS: e(
    'rule',
    'The trainer has the maximum number of availability exceptions.',
    'Remove old exceptions first.',
  ),
  PROGRAMME_INACTIVE: e('rule', 'The programme is not open for subscriptions.'),
  ALREADY_SUBSCRIBED: e('conflict', 'The user already follows this programme.'),
  CONCURRENT_CHANGE: e('conflict', 'The subscription changed meanwhile.', 'Reload and retry.'),
  UNKNOWN_SESSION: e('not_found', 'No such session key in this programme.'),
  // Plans, nutrition, food scanning
  NO_ACTIVE_PLAN: e(
    'not_found',
    'There is no active plan of this kind.',
    'Create one with POST /users/me/<kind>-plan.',
  ),
  PLAN_NOT_FOUND: e('not_found', 'No plan of yours has this id.'),
  PLAN_CONFLICT: e('conflict', 'Another plan of this kind was saved at the same moment.', 'Retry.'),
  PROFILE_INCOMPLETE: e(
    'rule',
    'The profile lacks what this plan needs.',
    'Complete the profile with PUT /users/me, then retry.',
  ),
  PLAN_PROVIDER_ERROR: e('unavailable', 'The plan provider (AI) failed.'),
  PLAN_PROVIDER_BAD_RESPONSE: e('unavailable', 'The plan provider gave an unusable answer.', 'Retry.'),
  PLAN_PROVIDER_TIMEOUT: e('unavailable', 'The plan provider did not answer in time.'),
  PLAN_REJECTED: e(
    'unavailable',
    "The plan provider's answer failed the safety or shape checks.",
    'Retry; a different answer usually passes.',
  ),
  CALORIE_TARGET_UNREACHABLE: e(
    'rule',
    'No combination of recipes reaches the calorie target on some day.',
    'Loosen the restrictions or change the target.',
  ),
  CALORIE_TARGET_OUT_OF_RANGE: e(
    'validation',
    'The calorie target is outside the safe range for this profile.',
    'Choose a target within the range the message gives.',
  ),
  NO_ELIGIBLE_RECIPES: e(
    'rule',
    'No recipe of a meal type fits the dietary restrictions and allergies.',
    'Loosen the restrictions.',
  ),
  UNKNOWN_FOOD: e('rule', 'No food in the library has this id.', 'Use ids from the scan result or the food search.'),
  PROVIDER_NOT_CONFIGURED: e(
    'unavailable',
    'Food scanning is not configured on this server.',
    'The operator sets the Google API key.',
  ),
  PROVIDER_ERROR: e('unavailable', 'The food recognizer failed.'),
  PROVIDER_TIMEOUT: e('unavailable', 'The food recognizer did not answer in time.'),
  SCAN_REFUSED: e('rule', 'The food recognizer declined this image.', 'Try another photo of the food.'),
  PROVIDER_BAD_RESPONSE: e(
    'unavailable',
    'The food recognizer gave an unusable answer.',
    'Retry with a clearer photo.',
  ),
  // Voice
  VOICE_NOT_CONFIGURED: e(
    'unavailable',
    'Voice is not configured on this server.',
    'The operator sets the Hume credentials.',
  ),
  HUME_CONFIG_NOT_FOUND: e('not_found', 'The voice provider has no such config.'),
  HUME_UNAVAILABLE: e('unavailable', 'The voice service did not answer as expected.'),
  UNKNOWN_TOOL: e('not_found', 'The voice agent called a tool that does not exist; the message lists the tools.'),
  TOOL_NOT_ALLOWED: e('forbidden', 'The voice agent may not call this tool for this party.'),
  WEBHOOK_REPLAYED: e('unauthenticated', 'This webhook delivery was already received (replay).'),
  WEBHOOK_NOT_CONFIGURED: e(
    'unavailable',
    'Voice webhooks are not configured on this server.',
    'The operator sets HUME_WEBHOOK_SIGNING_KEY.',
  ),
  VOICE_SESSION_NOT_FOUND: e('not_found', 'No voice session with this id for this client.'),
  UNKNOWN_AGENT: e(
    'validation',
    'No voice agent of this name runs on this server.',
    'Use one of the names the message lists (VOICE_AGENT_NAMES).',
  ),
  VOICE_SESSION_ENDED: e('gone', 'The voice session has ended; the agent can no longer act in it.'),
};
