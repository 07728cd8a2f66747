import type { Redis } from 'ioredis';

type Listener = (channel: Buffer, payload: Buffer) => void;
type AdapterLike = { close(): unknown };

/**
 * Makes `@socket.io/redis-streams-adapter` (0.3.1, the latest) give back its pub/sub state when a namespace closes.
 *
 * Each namespace's adapter SUBSCRIBEs its two channels (`<prefix>#<nsp>#` and `<prefix>#<nsp>#<uid>#`) on one shared
 * client it got from our client's `duplicate()`, and adds one `messageBuffer` listener per namespace to that client;
 * its `close()` releases neither. With tenants coming and going that is 2 subscriptions and 1 listener more per
 * namespace ever opened, and every message is matched by every listener (upstream report: realtime/README.md).
 *
 * The fix sits between the adapter and ioredis, on the connections it duplicates from ours: SUBSCRIBE calls go
 * through, but the listener registered right after one is put in a table by channel, served by one listener of our
 * own. Closing a namespace's adapter unsubscribes its two channels and drops their entries; when the adapter is
 * closed before its (asynchronous) SUBSCRIBE was even sent — a namespace made only to publish, then dropped — the
 * SUBSCRIBE is not sent at all.
 */
export function releasingSubscriptions(
  client: Redis,
  prefix: string,
  onDuplicate: (d: Redis) => void,
  onSubscribeError: (err: unknown, channels: string[]) => void = () => undefined,
) {
  const handlers = new Map<string, Listener>();
  /** Channels of adapters closed before their SUBSCRIBE went out. */
  const released = new Set<string>();
  let subscriber: Redis | null = null;

  const duplicate = client.duplicate.bind(client);
  client.duplicate = ((...args: Parameters<Redis['duplicate']>) => {
    const d = duplicate(...args);
    onDuplicate(d);
    let justSubscribed: string[] | null = null;
    const subscribe = d.subscribe.bind(d) as (...channels: string[]) => Promise<unknown>;
    const on = d.on.bind(d);
    Object.assign(d, {
      subscribe: (...args: Array<string | string[]>) => {
        const channels = args.flat().filter((c): c is string => typeof c === 'string');
        subscriber = d;
        justSubscribed = channels;
        const wanted = channels.filter((c) => !released.delete(c));
        // The adapter does not handle this promise: a namespace made while Redis is down would reject it unhandled
        // (MaxRetriesPerRequestError) and end the process. Its two channels then stay unsubscribed, which only
        // matters to acks/fetchSockets across nodes; stream packets (every event we send) are unaffected.
        return wanted.length
          ? subscribe(...wanted).catch((err: unknown) => onSubscribeError(err, wanted))
          : Promise.resolve(0);
      },
      on: (event: string | symbol, listener: (...a: unknown[]) => void) => {
        if (event !== 'messageBuffer' || !justSubscribed) return on(event, listener);
        // The adapter's listener for the channels it has just subscribed: served from the table.
        for (const c of justSubscribed) if (!released.has(c)) handlers.set(c, listener as Listener);
        justSubscribed = null;
        return d;
      },
    });
    on('messageBuffer', (channel: Buffer, payload: Buffer) => handlers.get(channel.toString())?.(channel, payload));
    return d;
  }) as Redis['duplicate'];

  function release(nsp: string, uid: string): void {
    const channels = [`${prefix}#${nsp}#`, `${prefix}#${nsp}#${uid}#`];
    const subscribed = channels.filter((c) => handlers.delete(c));
    if (subscribed.length && subscriber) void subscriber.unsubscribe(...subscribed).catch(() => undefined);
    else for (const c of channels) released.add(c);
  }

  return {
    /** Wraps the adapter factory so that closing a namespace's adapter releases its channels. */
    wrap<F extends (nsp: any) => AdapterLike>(factory: F): F {
      // A plain function: Socket.IO calls the factory with `new`, and an object it returns is what `new` gives.
      return function releasing(nsp: { name: string }) {
        const adapter = factory(nsp);
        const close = adapter.close.bind(adapter);
        adapter.close = () => {
          // `uid` is the adapter's server id (protected in its typings); it names the private channel.
          release(nsp.name, (adapter as unknown as { uid: string }).uid);
          return close();
        };
        return adapter;
      } as unknown as F;
    },
  };
}
