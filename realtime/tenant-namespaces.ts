import type { Namespace } from 'socket.io';
import { NAMESPACE_PREFIX, tenantNamespace, type GatewayNamespace, type GatewayServer } from './events.ts';

/**
 * The `/clients/<slug>` namespaces of one node. Socket.IO creates a child namespace (and its adapter's
 * Redis subscriptions) on the first handshake that matches the regex, and, with
 * `cleanupEmptyChildNamespaces`, drops it when its last socket leaves — refused handshakes included, so
 * random slugs do not pile up namespaces. One case is ours: a publish on a node without sockets in the
 * tenant's namespace (the adapter must exist to reach other nodes, but need not stay).
 */
export function createTenantNamespaces(io: GatewayServer) {
  const parent = io.of(tenantNamespace);
  function dropIfIdle(nsp: GatewayNamespace): void {
    // Sockets still in their handshake middleware will join this very object: it must stay.
    const connecting = (nsp as unknown as { _preConnectSockets: Map<string, unknown> })._preConnectSockets.size;
    if (nsp.sockets.size > 0 || connecting > 0 || io._nsps.get(nsp.name) !== nsp) return;
    io._nsps.delete(nsp.name);
    // ParentNamespace keeps `children` private; this mirrors what cleanupEmptyChildNamespaces does itself.
    (parent as unknown as { children: Set<Namespace> }).children.delete(nsp as unknown as Namespace);
    void Promise.resolve(nsp.adapter.close()).catch(() => undefined);
  }

  return {
    parent,
    nameOf: (slug: string) => `${NAMESPACE_PREFIX}${slug}`,
    /** The namespace if this node has it, without creating one. */
    existing: (name: string): GatewayNamespace | undefined => io._nsps.get(name),
    /** Creates the child through the parent, so its middleware (auth) always applies. */
    create: (name: string): GatewayNamespace => io.of(name),
    dropIfIdle,
  };
}

export type TenantNamespaces = ReturnType<typeof createTenantNamespaces>;
