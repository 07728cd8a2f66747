import { io, type Socket } from 'socket.io-client';
import { createClient, type Ack, type ClientEvents, type ServerEvents } from '../src/index.ts';

/**
 * The Quick Start journey of the product docs, as an app would write it with the typed client: register,
 * discover a class, start a viewing session and send heartbeats over the socket, then find a trainer,
 * a service and a free slot, book it and see it under "my bookings".
 *
 *   node clients/typescript/example/quick-start.ts --url http://localhost:3000 --key <the demo API key>
 *
 * CI runs it against a real node on the seeded demo (test/typed-client.test.ts).
 */
export async function quickStart(opts: { baseUrl: string; apiKey: string; log?: (line: string) => void }) {
  const log = opts.log ?? (() => undefined);
  const api = createClient({ baseUrl: opts.baseUrl, apiKey: opts.apiKey });

  const health = await api.call('getHealth');
  const config = await api.call('getAppConfig');
  log(`server ${health.status}, client ${config.client?.slug}`);

  const email = `quick-start-${Date.now()}@example.com`;
  const account = await api.call('postAuthRegister', {
    body: { email, password: 'Quick-start-2026', name: 'Quick Start' },
  });
  api.setToken(account.accessToken);
  log(`registered ${account.user.email}`);

  const classes = await api.call('getContentClasses', { query: { limit: 5 } });
  const first = classes.items[0];
  if (!first) throw new Error('the catalogue is empty');
  const session = await api.call('postSessionsStart', { body: { classId: first.id, deviceType: 'web' } });
  log(`watching "${first.name}" (session ${session.id})`);

  // Heartbeats over the socket: the same domain call as POST /sessions/:id/progress.
  const slug = config.client?.slug ?? '';
  const socket: Socket<ServerEvents, ClientEvents> = io(`${opts.baseUrl}/clients/${slug}`, {
    auth: { apiKey: opts.apiKey, token: account.accessToken },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  let progress: unknown;
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    for (const [seq, at] of [30, 60, 90].entries()) {
      const ack = await new Promise<Ack>((resolve) =>
        socket.emit(
          'session:heartbeat',
          { sessionId: session.id, progressSeconds: at, totalDurationSeconds: 1800, seq },
          resolve,
        ),
      );
      if (!ack.ok) throw new Error(`heartbeat refused: ${ack.code}`);
      progress = ack.data;
    }
  } finally {
    socket.close();
  }
  log(`heartbeats acknowledged: ${JSON.stringify(progress)}`);

  const trainers = await api.call('getTrainers', { query: { limit: 20 } });
  for (const trainer of trainers.items) {
    const services = await api.call('getTrainersByIdServices', { params: { id: trainer.id } });
    const service = services.items[0];
    if (!service) continue;
    const from = new Date(Date.now() + 86_400_000).toISOString();
    const to = new Date(Date.now() + 15 * 86_400_000).toISOString();
    const week = await api.call('getTrainersByIdAvailability', {
      params: { id: trainer.id },
      query: { serviceId: service.id, from, to },
    });
    const slot = week.slots[0];
    if (!slot) continue;
    const booking = await api.call('postTrainersByIdBook', {
      params: { id: trainer.id },
      body: { serviceId: service.id, slotId: slot.id },
      headers: { 'Idempotency-Key': `quick-start-${email}` },
    });
    log(`booked ${service.name} with ${trainer.name} at ${booking.start}`);
    const mine = await api.call('getMyBookingsSessions', { query: { upcoming: 'true' } });
    log(`my upcoming sessions: ${mine.items.length}`);
    return { email, sessionId: session.id, progress, booking, myBookings: mine.items };
  }
  throw new Error('no trainer has a free slot in the next two weeks');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => process.argv[process.argv.indexOf(`--${name}`) + 1];
  const baseUrl = process.argv.includes('--url') ? arg('url') : (process.env['STVOS_URL'] ?? 'http://localhost:3000');
  const apiKey = process.argv.includes('--key') ? arg('key') : process.env['STVOS_API_KEY'];
  if (!baseUrl || !apiKey) {
    process.stderr.write(
      'usage: node clients/typescript/example/quick-start.ts --url http://localhost:3000 --key <API key>\n',
    );
    process.exit(2);
  }
  await quickStart({ baseUrl, apiKey, log: (line) => process.stdout.write(`${line}\n`) });
}
