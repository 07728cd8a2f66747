export { ApiError, createClient, type CallInput, type Client, type ClientOptions } from './client.ts';
export { basePath, operations, type ClientEventPayloads, type OperationId, type Operations } from './schema.gen.ts';
export type { Ack, BookingFeedEvent, ClientEvents, ServerEvents } from './socket.ts';
