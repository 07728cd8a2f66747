/**
 * What sTvOS needs from Hume: short-lived access tokens for apps (so no app ever holds our API key or
 * secret), and the EVI tools/configs API for `voice:sync-tools`. The one adapter is `hume.adapter.ts`,
 * over the `hume` SDK; tests point it at loopback fakes of Hume's OAuth and REST endpoints.
 */
export interface HumeAccessToken {
  accessToken: string;
  /** When Hume stops accepting it (Hume's client-credentials tokens last 30 minutes). */
  expiresAt: Date;
}

export interface HumeToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the arguments, as a string (Hume's `parameters` field). */
  parameters: string;
}

export interface SyncedTool {
  name: string;
  id: string;
  version: number;
  /** created: new tool; versioned: a new version because the schema or description changed; unchanged. */
  change: 'created' | 'versioned' | 'unchanged';
}

export interface HumePort {
  mintAccessToken(): Promise<HumeAccessToken>;
  /** Creates each tool, or a new version when its parameters or description differ from the latest. */
  syncTools(tools: HumeToolSpec[]): Promise<SyncedTool[]>;
  /** A new version of the config whose tool list is `tools` (its other settings copied from the latest). */
  attachTools(configId: string, tools: SyncedTool[]): Promise<{ configId: string; version: number }>;
}
