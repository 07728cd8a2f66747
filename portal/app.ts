/**
 * The partner portal page: plain TypeScript (erasable syntax only), served as JavaScript by the server with
 * Node's type stripping (server/http/portal.ts), no bundler and no framework. It speaks the public API
 * (/api/v1/partner-auth, /partner/*) with the staff bearer token and listens to `usage:update` on the socket.
 */

interface Session {
  accessToken: string;
  apiKey: string;
  slug: string;
  partnerId: number;
  partnerName: string;
  email: string;
  role: string;
}
interface UsageUpdate {
  partnerId: number;
  at: string;
  activeViewers: number;
  watchMinutesToday: number;
  redemptionsToday: number;
  registrationsToday: number;
  totalMembers: number;
}
interface SocketLike {
  on(event: string, fn: (payload: any) => void): void;
  disconnect(): void;
}
declare const io: (url: string, opts: object) => SocketLike;

const API = '/api/v1';
const $ = <T extends HTMLElement = HTMLElement>(sel: string) => document.querySelector(sel) as T;
let session: Session | null = JSON.parse(sessionStorage.getItem('stvos.partner') ?? 'null');
let socket: SocketLike | null = null;
let hours: number[] = new Array(24).fill(0);
let lastWatch: number | null = null;

async function api(path: string, init: RequestInit & { key?: boolean } = {}): Promise<any> {
  const headers: Record<string, string> = { ...((init.headers as Record<string, string>) ?? {}) };
  if (session) headers['Authorization'] = `Bearer ${session.accessToken}`;
  if (init.key && session?.apiKey) headers['X-API-Key'] = session.apiKey;
  if (init.body) headers['Content-Type'] = 'application/json';
  const res = await fetch(API + path, { ...init, headers });
  if (res.status === 401 && session) signOut();
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) {
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return res;
  }
  const body = await res.json();
  if (!body.success) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body.data;
}

function text(el: HTMLElement, value: unknown) {
  el.textContent = String(value);
}

function row(cells: unknown[]): HTMLTableRowElement {
  const tr = document.createElement('tr');
  for (const c of cells) {
    const td = document.createElement('td');
    if (c instanceof HTMLElement) td.append(c);
    else td.textContent = c === null || c === undefined ? '—' : String(c);
    tr.append(td);
  }
  return tr;
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : null);
const money = (minor: number, currency: string) => `${(minor / 100).toFixed(2)} ${currency}`;

async function download(path: string, name: string, key = false) {
  const res: Response = await api(path, { key });
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function drawChart() {
  const svg = $('#chart');
  const max = Math.max(1, ...hours);
  const w = 720 / 24;
  svg.innerHTML = '';
  hours.forEach((m, h) => {
    const height = Math.round((m / max) * 130);
    const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
    rect.setAttribute('x', String(h * w + 3));
    rect.setAttribute('y', String(140 - height));
    rect.setAttribute('width', String(w - 6));
    rect.setAttribute('height', String(height));
    const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
    title.textContent = `${h}:00 — ${m} min`;
    rect.append(title);
    const label = document.createElementNS('http://www.w3.org/2000/svg', 'text');
    label.setAttribute('x', String(h * w + w / 2 - 5));
    label.setAttribute('y', '155');
    label.textContent = String(h);
    svg.append(rect, label);
  });
}

function showCounters(u: Partial<UsageUpdate>) {
  if (u.activeViewers !== undefined) text($('#c-viewers'), u.activeViewers);
  if (u.watchMinutesToday !== undefined) text($('#c-minutes'), u.watchMinutesToday);
  if (u.redemptionsToday !== undefined) text($('#c-redemptions'), u.redemptionsToday);
  if (u.registrationsToday !== undefined) text($('#c-registrations'), u.registrationsToday);
  if (u.totalMembers !== undefined) text($('#c-members'), u.totalMembers);
}

function onUsage(u: UsageUpdate) {
  showCounters(u);
  // The live figure is the day's total: what it grew by since the last update goes to the current hour.
  if (lastWatch !== null && u.watchMinutesToday > lastWatch) {
    hours[new Date().getHours()] =
      Math.round((hours[new Date().getHours()]! + u.watchMinutesToday - lastWatch) * 10) / 10;
    drawChart();
  }
  lastWatch = u.watchMinutesToday;
  text($('#live-status'), `live · last update ${new Date(u.at).toLocaleTimeString()}`);
}

async function loadToday() {
  const today = new Date();
  const local = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  const a = await api(`/partner/analytics?granularity=hour&from=${local}&to=${local}`);
  hours = new Array(24).fill(0);
  for (const p of a.series as Array<{ period: string; watchMinutes: number }>)
    hours[Number(p.period.slice(11, 13))] = p.watchMinutes;
  lastWatch = a.totals.watchMinutes;
  text($('#c-minutes'), a.totals.watchMinutes);
  drawChart();
}

async function loadSummary() {
  const d = await api('/partner/dashboard');
  showCounters({ totalMembers: d.totalMembers });
  const dl = $('#summary');
  dl.innerHTML = '';
  for (const [k, v] of [
    ['Members', d.totalMembers],
    ['Active members', d.activeMembers],
    ['Watch minutes', d.totalWatchTimeMinutes],
    ['Classes watched', d.totalClassesWatched],
    ['Active members vs previous 30 days', `${d.trends.membersChange} %`],
    ['Watch time vs previous 30 days', `${d.trends.watchTimeChange} %`],
  ]) {
    const dt = document.createElement('dt');
    dt.textContent = String(k);
    const dd = document.createElement('dd');
    dd.textContent = String(v);
    dl.append(dt, dd);
  }
}

async function loadMembers() {
  const page = await api('/partner/members?limit=20');
  const body = $('#members tbody');
  body.innerHTML = '';
  for (const m of page.items)
    body.append(row([m.name, m.email, day(m.joinedAt), day(m.lastActiveAt), m.watchMinutes, m.classesWatched]));
}

async function loadBilling() {
  const list = await api('/partner/billing');
  const body = $('#billing tbody');
  body.innerHTML = '';
  for (const r of list.items) {
    const open = document.createElement('button');
    open.className = 'link';
    open.textContent = 'open';
    open.onclick = () => void showBill(r.month);
    body.append(row([r.month, r.revision, r.members, r.billableUnits, money(r.totalMinor, r.currency), open]));
  }
}

async function showBill(month: string) {
  const r = await api(`/partner/billing/${month}`);
  const box = $('#bill');
  box.innerHTML = '';
  const h = document.createElement('h3');
  h.textContent = `${r.month} (revision ${r.revision}, ${r.basis.replace('_', ' ')}, ${money(r.priceMinor, r.currency)} each): ${money(r.totalMinor, r.currency)}`;
  const csv = document.createElement('button');
  csv.textContent = 'Download CSV';
  csv.onclick = () => void download(`/partner/billing/${month}/export`, `billing-${month}.csv`);
  const table = document.createElement('table');
  table.append(row(['Member', 'E-mail', 'Active', 'Billable', 'Watch min', 'Live min', 'Amount']));
  for (const l of r.lines)
    table.append(
      row([
        l.name,
        l.email,
        l.active ? 'yes' : 'no',
        l.billable ? 'yes' : 'no',
        l.watchMinutes,
        l.liveMinutes,
        money(l.amountMinor, r.currency),
      ]),
    );
  box.append(h, csv, table);
}

function connectLive() {
  socket?.disconnect();
  socket = io(`/clients/${session!.slug}`, { auth: { partnerToken: session!.accessToken }, transports: ['websocket'] });
  socket.on('connect', () => text($('#live-status'), 'live'));
  socket.on('connect_error', (e: { message: string }) => text($('#live-status'), `not connected: ${e.message}`));
  socket.on('usage:update', onUsage);
}

async function showApp() {
  $('#login-view').hidden = true;
  $('#app-view').hidden = false;
  $('#logout').hidden = false;
  text($('#who'), `${session!.partnerName} · ${session!.email} (${session!.role})`);
  connectLive();
  const results = await Promise.allSettled([loadToday(), loadSummary(), loadMembers(), loadBilling()]);
  for (const r of results) if (r.status === 'rejected') console.warn(r.reason);
}

function signOut() {
  session = null;
  sessionStorage.removeItem('stvos.partner');
  socket?.disconnect();
  location.reload();
}

$('#login').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = new FormData(e.target as HTMLFormElement);
  try {
    const r = await api('/partner-auth/login', {
      method: 'POST',
      body: JSON.stringify({ email: form.get('email'), password: form.get('password') }),
    });
    session = {
      accessToken: r.accessToken,
      apiKey: String(form.get('apiKey') ?? '').trim(),
      slug: r.client.slug,
      partnerId: r.partner.id,
      partnerName: r.partner.name,
      email: r.staff.email,
      role: r.staff.role,
    };
    sessionStorage.setItem('stvos.partner', JSON.stringify(session));
    await showApp();
  } catch (err) {
    text($('#login-error'), (err as Error).message);
  }
});

$('#issue').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = new FormData(e.target as HTMLFormElement);
  const body: Record<string, unknown> = { quantity: Number(form.get('quantity')) };
  if (form.get('prefix')) body['prefix'] = form.get('prefix');
  if (form.get('expiresAt')) body['expiresAt'] = new Date(`${form.get('expiresAt')}T23:59:59`).toISOString();
  try {
    const r = await api('/partner/vouchers', { method: 'POST', body: JSON.stringify(body), key: true });
    text($('#issue-result'), `Issued ${r.vouchers.length} vouchers, e.g. ${r.vouchers[0]?.code ?? ''}`);
  } catch (err) {
    text($('#issue-result'), `Could not issue: ${(err as Error).message}`);
  }
});

$('#vouchers-csv').addEventListener(
  'click',
  () =>
    void download('/partner/vouchers/export', 'vouchers.csv', true).catch((err: Error) =>
      text($('#issue-result'), err.message),
    ),
);
$('#logout').addEventListener('click', signOut);

if (session) void showApp();
