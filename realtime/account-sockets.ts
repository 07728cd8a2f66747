import { issuedBefore, type Revocations } from '../domain/auth/revocations.ts';
import type { GatewaySocket } from './events.ts';

/**
 * This node's sockets by account, so a revocation closes them without scanning every socket. Every node
 * hears every revocation (server/revocations.ts: pub/sub, polled as a fallback) and closes its own sockets
 * of that session or account: a logout, password change, erasure or suspension ends the account's sockets
 * on every node within milliseconds (at most the 2 s poll when a pub/sub message was lost).
 */
export function createAccountSockets(revocations: Revocations) {
  const byAccount = new Map<string, Set<GatewaySocket>>();

  function close(socket: GatewaySocket, suspended: boolean): void {
    socket.emit(
      'auth:revoked',
      suspended
        ? { code: 'ACCOUNT_SUSPENDED', error: 'This account has been suspended' }
        : { code: 'TOKEN_REVOKED', error: 'This session was signed out; sign in again' },
    );
    socket.disconnect();
  }

  revocations.onRevoke((e) => {
    const sockets = byAccount.get(e.account);
    if (!sockets) return;
    for (const socket of [...sockets]) {
      const s = socket.data.session;
      if (!s) continue;
      if (e.kind === 'session' ? s.sid === e.sid : issuedBefore(s.iat, e.before))
        close(socket, e.kind === 'account' && e.reason === 'suspended');
    }
  });

  return {
    add(socket: GatewaySocket): void {
      const session = socket.data.session;
      if (!session) return;
      let set = byAccount.get(session.account);
      if (!set) byAccount.set(session.account, (set = new Set()));
      set.add(socket);
      // A revocation that arrived between the handshake's check and now found no socket to close.
      try {
        revocations.assertLive(session);
      } catch (err) {
        close(socket, (err as { code?: string }).code === 'ACCOUNT_SUSPENDED');
      }
    },
    remove(socket: GatewaySocket): void {
      const account = socket.data.session?.account;
      const set = account ? byAccount.get(account) : undefined;
      if (!set) return;
      set.delete(socket);
      if (set.size === 0) byAccount.delete(account!);
    },
    countOf(account: string): number {
      return byAccount.get(account)?.size ?? 0;
    },
  };
}

export type AccountSockets = ReturnType<typeof createAccountSockets>;
