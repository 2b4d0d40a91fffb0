// The channel providers against real local servers: an SMTP server (smtp-server, every message
// parsed with mailparser), and HTTP servers that check each request the way Zenvia and Meta
// document it and answer 400 with a description when the request is wrong, so a malformed request
// fails these tests instead of passing against a lenient fake.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { makeProvider, phoneToE164Digits } from '../../src/notifications/providers/index.ts';
import { smtpProvider } from '../../src/notifications/providers/smtp.ts';
import { zenviaSmsProvider } from '../../src/notifications/providers/zenvia-sms.ts';
import { whatsappCloudProvider } from '../../src/notifications/providers/whatsapp-cloud.ts';
import { retryAfterSeconds } from '../../src/notifications/providers/http.ts';
import type { OutgoingMessage, Provider } from '../../src/notifications/providers/types.ts';

let seq = 0;
/** A message id shaped like ours (UUIDv7), different for each test. */
function msgId(): string {
  seq += 1;
  return `0190f3a0-0000-7000-8000-${String(seq).padStart(12, '0')}`;
}

async function freePortThatRefuses(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

// ───────────────────────────────────────── SMTP ─────────────────────────────────────────

describe('smtp provider', () => {
  const USER = 'cobre';
  const PASS = 's3cret-pa55';
  const received: ParsedMail[] = [];
  let server: SMTPServer;
  let port: number;
  const opened: Provider[] = [];

  const settings = () => ({
    host: '127.0.0.1',
    port,
    secure: false,
    starttls: 'never' as const,
    from_email: 'cobranca@acme.com.br',
    from_name: 'ACME Cobrança',
    reply_to: 'financeiro@acme.com.br',
    username: USER,
  });
  const provider = (password = PASS, p = port): Provider => {
    const pr = smtpProvider({ ...settings(), port: p }, { password }, { timeoutMs: 5_000 });
    opened.push(pr);
    return pr;
  };

  beforeAll(async () => {
    server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      authOptional: false,
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, _session, cb) {
        if (auth.username === USER && auth.password === PASS) return cb(null, { user: USER });
        const err = Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 });
        return cb(err);
      },
      onRcptTo(address, _session, cb) {
        if (address.address.startsWith('nouser@')) return cb(Object.assign(new Error('No such user here'), { responseCode: 550 }));
        if (address.address.startsWith('busy@'))
          return cb(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
        return cb();
      },
      onData(stream, _session, cb) {
        simpleParser(stream).then(
          (mail) => {
            received.push(mail);
            cb();
          },
          (err: Error) => cb(err),
        );
      },
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    for (const p of opened) await p.close?.();
    await new Promise<void>((r) => server.close(() => r()));
  });

  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(4096), Buffer.from('\n%%EOF\n')]);
  const email = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
    id: msgId(),
    channel: 'email',
    to: 'pagador@example.com',
    toName: 'João Pagador',
    subject: 'Boleto de março — ACME',
    text: 'Olá João,\nseu boleto de R$ 1.234,56 vence em 10/03.\n',
    html: '<p>Olá João,</p><p>seu boleto de <b>R$ 1.234,56</b> vence em 10/03.</p>',
    attachments: [{ filename: 'boleto-123.pdf', contentType: 'application/pdf', content: pdf }],
    headers: {
      'List-Unsubscribe': '<https://cobre.example/u/abc123>, <mailto:unsubscribe@acme.com.br?subject=abc123>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    ...over,
  });

  it('delivers subject, text, html, the PDF byte for byte, the Message-ID and the unsubscribe headers', async () => {
    const p = provider();
    expect(p.channel).toBe('email');
    expect(p.dedupesById).toBe(true);
    const msg = email();
    const before = received.length;
    const outcome = await p.send(msg);
    expect(outcome).toEqual({ status: 'sent', providerMessageId: `<${msg.id}@acme.com.br>` });
    // The server acknowledges DATA only after parsing (onData), so the message is in by now.
    expect(received).toHaveLength(before + 1);
    const m = received[received.length - 1];
    expect(m.subject).toBe(msg.subject);
    expect(m.text?.trim()).toBe(msg.text.trim());
    expect(m.html).toContain('<b>R$ 1.234,56</b>');
    expect(m.messageId).toBe(`<${msg.id}@acme.com.br>`);
    expect(m.from?.value[0]).toEqual({ address: 'cobranca@acme.com.br', name: 'ACME Cobrança' });
    expect(m.replyTo?.value[0].address).toBe('financeiro@acme.com.br');
    const to = Array.isArray(m.to) ? m.to[0] : m.to;
    expect(to?.value[0]).toEqual({ address: 'pagador@example.com', name: 'João Pagador' });
    expect(m.attachments).toHaveLength(1);
    expect(m.attachments[0].filename).toBe('boleto-123.pdf');
    expect(m.attachments[0].contentType).toBe('application/pdf');
    expect(Buffer.compare(m.attachments[0].content, pdf)).toBe(0);
    const header = (name: string) => m.headerLines.find((h) => h.key === name)?.line;
    expect(header('list-unsubscribe')).toContain('<https://cobre.example/u/abc123>');
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  });

  it('a repeat of the same message carries the same Message-ID', async () => {
    const p = provider();
    const msg = email();
    await p.send(msg);
    await p.send(msg);
    const ids = received.slice(-2).map((m) => m.messageId);
    expect(ids).toEqual([`<${msg.id}@acme.com.br>`, `<${msg.id}@acme.com.br>`]);
  });

  it('a recipient refused with 550 is a hard bounce, with the server text', async () => {
    const outcome = await provider().send(email({ to: 'nouser@example.com' }));
    expect(outcome).toMatchObject({ status: 'failed', permanent: true, bounced: true });
    expect(outcome.status === 'failed' && outcome.reason).toMatch(/^550 .*No such user here/);
  });

  it('a recipient refused with 451 is retriable', async () => {
    const outcome = await provider().send(email({ to: 'busy@example.com' }));
    expect(outcome).toMatchObject({ status: 'failed', permanent: false, bounced: false });
    expect(outcome.status === 'failed' && outcome.reason).toMatch(/451 .*try again later/);
  });

  it('a wrong password fails neither permanently nor as a bounce', async () => {
    const outcome = await provider('wrong').send(email());
    expect(outcome).toMatchObject({ status: 'failed', permanent: false, bounced: false });
    expect(outcome.status === 'failed' && outcome.reason).toMatch(/refused the credentials.*535/);
  });

  it('verify() resolves with good credentials and rejects readably with bad ones', async () => {
    await expect(provider().verify()).resolves.toBeUndefined();
    await expect(provider('wrong').verify()).rejects.toThrow(/refused the login for "cobre": 535/);
  });

  it('a server that is down gives a retriable failure, and verify() says so', async () => {
    const deadPort = await freePortThatRefuses();
    const p = provider(PASS, deadPort);
    const outcome = await p.send(email());
    expect(outcome).toMatchObject({ status: 'failed', permanent: false, bounced: false });
    expect(outcome.status === 'failed' && outcome.reason).toMatch(/refused the connection/);
    await expect(p.verify()).rejects.toThrow(/refused the connection/);
  });

  it("starttls 'required' refuses a server without STARTTLS instead of sending the password in clear", async () => {
    const p = smtpProvider({ ...settings(), starttls: 'required' }, { password: PASS }, { timeoutMs: 5_000 });
    opened.push(p);
    const before = received.length;
    const outcome = await p.send(email());
    expect(outcome).toMatchObject({ status: 'failed', permanent: false, bounced: false });
    expect(outcome.status === 'failed' && outcome.reason).toMatch(/STARTTLS/);
    expect(received).toHaveLength(before);
  });
});

// ───────────────────────────────────────── Zenvia ─────────────────────────────────────────

describe('zenvia sms provider', () => {
  const ACCOUNT = 'acme.api';
  const PASSWORD = 'zPa55';
  const GOOD_AUTH = `Basic ${Buffer.from(`${ACCOUNT}:${PASSWORD}`).toString('base64')}`;
  const requests: Array<Record<string, unknown>> = [];
  const sentIds = new Set<string>();
  let server: Server;
  let base: string;
  const ok = { statusCode: '00', statusDescription: 'Ok', detailCode: '000', detailDescription: 'Message Sent' };

  /** Checks a send-sms body the way Zenvia documents it; returns what is wrong, or null. */
  function shapeProblem(body: unknown): string | null {
    if (!isObj(body) || Object.keys(body).join() !== 'sendSmsRequest') return 'body must be {"sendSmsRequest":{…}}';
    const r = body.sendSmsRequest;
    if (!isObj(r)) return 'sendSmsRequest must be an object';
    const allowed = ['from', 'to', 'schedule', 'msg', 'callbackOption', 'id', 'aggregateId', 'flashSms'];
    const extra = Object.keys(r).filter((k) => !allowed.includes(k));
    if (extra.length) return `unknown fields: ${extra.join(', ')}`;
    if (r.from !== undefined && typeof r.from !== 'string') return 'from must be a string';
    if (typeof r.to !== 'string' || !/^55\d{10,11}$/.test(r.to)) return `to must be "55DDNNNNNNNNN" digits, got ${JSON.stringify(r.to)}`;
    if (typeof r.msg !== 'string' || r.msg.length === 0) return 'msg must be a non-empty string';
    if (((r.from as string | undefined)?.length ?? 0) + r.msg.length > 1520) return 'from + msg longer than 1520';
    if (!['ALL', 'FINAL', 'NONE'].includes(r.callbackOption as string)) return 'callbackOption must be ALL, FINAL or NONE';
    if (typeof r.id !== 'string' || r.id.length === 0) return 'id must be a non-empty string';
    if (r.aggregateId !== undefined && (typeof r.aggregateId !== 'string' || !/^\d+$/.test(r.aggregateId)))
      return 'aggregateId must be a string of digits';
    return null;
  }

  beforeAll(async () => {
    server = createServer((req, res) => {
      void (async () => {
        const text = await readBody(req);
        if (req.headers.authorization !== GOOD_AUTH) return send(res, 401, { message: 'Unauthorized' });
        if (req.headers.accept !== 'application/json') return send(res, 400, { error: 'Accept must be application/json' });
        if (req.method === 'GET' && req.url?.startsWith('/services/get-sms-status/')) {
          const id = req.url.slice('/services/get-sms-status/'.length);
          return send(res, 200, {
            getSmsStatusResp: {
              id,
              statusCode: '10',
              statusDescription: 'Error',
              detailCode: '180',
              detailDescription: 'Message ID notfound',
            },
          });
        }
        if (req.method !== 'POST' || req.url !== '/services/send-sms')
          return send(res, 404, { error: `no route ${req.method} ${req.url}` });
        if (req.headers['content-type'] !== 'application/json') return send(res, 400, { error: 'Content-Type must be application/json' });
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          return send(res, 400, { error: 'body is not JSON' });
        }
        const problem = shapeProblem(body);
        if (problem) return send(res, 400, { error: problem });
        const r = (body as { sendSmsRequest: Record<string, string> }).sendSmsRequest;
        requests.push(r);
        if (r.to.endsWith('0500')) return send(res, 500, { error: 'Internal Server Error' }, { 'retry-after': '7' });
        if (r.to.endsWith('0013')) {
          return send(res, 400, {
            sendSmsResponse: {
              statusCode: '10',
              statusDescription: 'Error',
              detailCode: '013',
              detailDescription: 'Mobile number is incorrect',
            },
          });
        }
        if (sentIds.has(r.id)) {
          return send(res, 400, {
            sendSmsResponse: {
              statusCode: '10',
              statusDescription: 'Error',
              detailCode: '080',
              detailDescription: 'Message with same ID already sent',
            },
          });
        }
        sentIds.add(r.id);
        return send(res, 200, { sendSmsResponse: ok });
      })().catch((e: Error) => send(res, 500, { error: e.message }));
    });
    base = await listen(server);
  });

  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });

  const provider = (password = PASSWORD, settings: { from?: string | null; aggregate_id?: string | null } = { from: 'ACME' }) =>
    zenviaSmsProvider({ base_url: base, account: ACCOUNT, ...settings }, { password }, { timeoutMs: 5_000 });
  const sms = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
    id: msgId(),
    channel: 'sms',
    to: '+5511987654321',
    text: 'ACME: seu boleto de R$ 1.234,56 vence em 10/03. Linha digitavel: 23790.00000 00000.000000 00000.000000 1 00000000123456',
    ...over,
  });

  it('sends with the documented request: Basic auth, JSON, digits-only number, our id', async () => {
    const p = provider(PASSWORD, { from: 'ACME', aggregate_id: '1111' });
    expect(p.channel).toBe('sms');
    expect(p.dedupesById).toBe(true);
    const msg = sms();
    expect(await p.send(msg)).toEqual({ status: 'sent', providerMessageId: msg.id });
    expect(requests.at(-1)).toEqual({
      from: 'ACME',
      to: '5511987654321',
      msg: msg.text,
      callbackOption: 'NONE',
      id: msg.id,
      aggregateId: '1111',
    });
  });

  it('leaves out from and aggregateId when not set', async () => {
    const msg = sms();
    expect(await provider(PASSWORD, {}).send(msg)).toMatchObject({ status: 'sent' });
    expect(requests.at(-1)).toEqual({ to: '5511987654321', msg: msg.text, callbackOption: 'NONE', id: msg.id });
  });

  it('a repeat of the same id (080 "Message with same ID already sent") counts as sent', async () => {
    const p = provider();
    const msg = sms();
    expect(await p.send(msg)).toMatchObject({ status: 'sent' });
    expect(await p.send(msg)).toEqual({ status: 'sent', providerMessageId: msg.id });
    expect(requests.slice(-2).map((r) => r.id)).toEqual([msg.id, msg.id]);
  });

  it('an incorrect number (013) is a bounce', async () => {
    const outcome = await provider().send(sms({ to: '+5511999990013' }));
    expect(outcome).toMatchObject({ status: 'failed', permanent: true, bounced: true });
    expect(outcome.status === 'failed' && outcome.reason).toMatch(/013 Mobile number is incorrect/);
  });

  it('a number that is not E.164 is a bounce without a request', async () => {
    const before = requests.length;
    const outcome = await provider().send(sms({ to: 'not a number' }));
    expect(outcome).toMatchObject({ status: 'failed', permanent: true, bounced: true });
    expect(requests).toHaveLength(before);
  });

  it('credentials refused (401) are not permanent', async () => {
    const outcome = await provider('wrong').send(sms());
    expect(outcome).toEqual({ status: 'failed', permanent: false, bounced: false, reason: 'Zenvia refused the credentials (HTTP 401)' });
  });

  it('a 500 with Retry-After is retriable after that many seconds', async () => {
    const outcome = await provider().send(sms({ to: '+5511999990500' }));
    expect(outcome).toMatchObject({ status: 'failed', permanent: false, bounced: false, retryAfterSeconds: 7 });
  });

  it('does not cut at 152 characters; cuts only past the 1520 limit, with an ASCII "..."', async () => {
    const p = provider();
    const medium = 'x'.repeat(400);
    await p.send(sms({ text: medium }));
    expect(requests.at(-1)?.msg).toBe(medium);
    await p.send(sms({ text: 'y'.repeat(3000) }));
    const cut = requests.at(-1)?.msg as string;
    expect(cut.length).toBe(1520 - 'ACME'.length - 2);
    expect(cut.endsWith('...')).toBe(true);
  });

  it('verify() resolves with good credentials and rejects with bad ones', async () => {
    await expect(provider().verify()).resolves.toBeUndefined();
    await expect(provider('wrong').verify()).rejects.toThrow(/Zenvia refused the credentials \(HTTP 401\)/);
  });

  it('an unreachable API is a retriable failure', async () => {
    const dead = `http://127.0.0.1:${await freePortThatRefuses()}`;
    const p = zenviaSmsProvider({ base_url: dead, account: ACCOUNT }, { password: PASSWORD }, { timeoutMs: 5_000 });
    expect(await p.send(sms())).toMatchObject({ status: 'failed', permanent: false, bounced: false });
    await expect(p.verify()).rejects.toThrow(/cannot reach/);
  });
});

// ───────────────────────────────────────── WhatsApp ─────────────────────────────────────────

describe('whatsapp cloud provider', () => {
  const TOKEN = 'EAAG-good-token';
  const PHONE_ID = '109876543210987';
  const VERSION = 'v21.0';
  const bodies: Array<Record<string, unknown>> = [];
  let server: Server;
  let base: string;
  let wamid = 0;

  const graphError = (code: number, message: string, details?: string) => ({
    error: {
      message,
      type: 'OAuthException',
      code,
      ...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}),
      fbtrace_id: 'AbCdEf123',
    },
  });

  /** Checks a template message body the way Meta documents it; returns what is wrong, or null. */
  function shapeProblem(body: unknown): string | null {
    if (!isObj(body)) return 'body must be a JSON object';
    const keys = Object.keys(body).sort().join();
    if (keys !== 'messaging_product,recipient_type,template,to,type') return `unexpected fields: ${keys}`;
    if (body.messaging_product !== 'whatsapp') return 'messaging_product must be "whatsapp"';
    if (body.recipient_type !== 'individual') return 'recipient_type must be "individual"';
    if (body.type !== 'template') return 'type must be "template"';
    if (typeof body.to !== 'string' || !/^[1-9]\d{7,14}$/.test(body.to)) return `to must be digits, got ${JSON.stringify(body.to)}`;
    const t = body.template;
    if (!isObj(t)) return 'template must be an object';
    const tk = Object.keys(t).filter((k) => !['name', 'language', 'components'].includes(k));
    if (tk.length) return `unexpected template fields: ${tk.join()}`;
    if (typeof t.name !== 'string' || !t.name) return 'template.name must be a string';
    if (!isObj(t.language) || typeof t.language.code !== 'string' || Object.keys(t.language).join() !== 'code')
      return 'template.language must be {"code"}';
    if (t.components !== undefined) {
      if (!Array.isArray(t.components) || t.components.length === 0) return 'components must be a non-empty array when present';
      for (const c of t.components) {
        if (!isObj(c) || c.type !== 'body' || !Array.isArray(c.parameters) || c.parameters.length === 0)
          return 'component must be {"type":"body","parameters":[…]}';
        for (const p of c.parameters) {
          if (!isObj(p) || p.type !== 'text' || typeof p.text !== 'string' || Object.keys(p).length !== 2)
            return 'parameter must be {"type":"text","text":"…"}';
        }
      }
    }
    return null;
  }

  beforeAll(async () => {
    server = createServer((req, res) => {
      void (async () => {
        const text = await readBody(req);
        if (req.headers.authorization !== `Bearer ${TOKEN}`) {
          return send(res, 401, graphError(190, 'Error validating access token: Session has expired on Friday, 01-Jan-27 00:00:00 PST.'));
        }
        if (req.method === 'GET' && req.url === `/${VERSION}/${PHONE_ID}?fields=display_phone_number`) {
          return send(res, 200, { display_phone_number: '+55 11 4000-0000', id: PHONE_ID });
        }
        if (req.method !== 'POST' || req.url !== `/${VERSION}/${PHONE_ID}/messages`) {
          return send(res, 400, graphError(100, `Unsupported ${req.method} request ${req.url}`));
        }
        if (req.headers['content-type'] !== 'application/json')
          return send(res, 400, graphError(100, 'Content-Type must be application/json'));
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          return send(res, 400, graphError(100, 'body is not JSON'));
        }
        const problem = shapeProblem(body);
        if (problem) return send(res, 400, graphError(100, '(#100) Invalid parameter', problem));
        const b = body as { to: string };
        bodies.push(body as Record<string, unknown>);
        if (b.to.endsWith('0026')) {
          return send(
            res,
            400,
            graphError(
              131026,
              '(#131026) Message undeliverable',
              'Unable to deliver message. Reasons can include: The recipient phone number is not a WhatsApp phone number.',
            ),
          );
        }
        if (b.to.endsWith('0429')) return send(res, 429, graphError(130429, '(#130429) Rate limit hit'), { 'retry-after': '30' });
        if (b.to.endsWith('2000'))
          return send(res, 400, graphError(132000, '(#132000) Number of parameters does not match the expected number of params'));
        wamid += 1;
        return send(res, 200, {
          messaging_product: 'whatsapp',
          contacts: [{ input: b.to, wa_id: b.to }],
          messages: [{ id: `wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEjQ${wamid}` }],
        });
      })().catch((e: Error) => send(res, 500, { error: { message: e.message } }));
    });
    base = await listen(server);
  });

  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });

  const provider = (token = TOKEN) =>
    whatsappCloudProvider(
      { base_url: base, api_version: VERSION, phone_number_id: PHONE_ID },
      { access_token: token },
      { timeoutMs: 5_000 },
    );
  const wa = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
    id: msgId(),
    channel: 'whatsapp',
    to: '+5511987654321',
    text: 'Seu boleto de R$ 1.234,56 vence em 10/03.',
    whatsappTemplate: { name: 'boleto_emitido', language: 'pt_BR', parameters: ['João', 'R$ 1.234,56', '10/03/2027'] },
    ...over,
  });

  it('sends a template message and returns the wamid', async () => {
    const p = provider();
    expect(p.channel).toBe('whatsapp');
    expect(p.dedupesById).toBe(false);
    const outcome = await p.send(wa());
    expect(outcome).toEqual({ status: 'sent', providerMessageId: `wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEjQ${wamid}` });
    expect(bodies.at(-1)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '5511987654321',
      type: 'template',
      template: {
        name: 'boleto_emitido',
        language: { code: 'pt_BR' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'João' },
              { type: 'text', text: 'R$ 1.234,56' },
              { type: 'text', text: '10/03/2027' },
            ],
          },
        ],
      },
    });
  });

  it('omits components when the template has no parameters', async () => {
    const outcome = await provider().send(wa({ whatsappTemplate: { name: 'lembrete', language: 'pt_BR', parameters: [] } }));
    expect(outcome).toMatchObject({ status: 'sent' });
    expect(bodies.at(-1)?.template).toEqual({ name: 'lembrete', language: { code: 'pt_BR' } });
  });

  it('131026 (undeliverable) is a bounce', async () => {
    const outcome = await provider().send(wa({ to: '+5511999990026' }));
    expect(outcome).toMatchObject({ status: 'failed', permanent: true, bounced: true });
    expect(outcome.status === 'failed' && outcome.reason).toMatch(/131026/);
  });

  it('190 (expired token) is a retriable credentials failure', async () => {
    const outcome = await provider('EAAG-expired').send(wa());
    expect(outcome).toMatchObject({ status: 'failed', permanent: false, bounced: false });
    expect(outcome.status === 'failed' && outcome.reason).toMatch(/credentials refused/);
  });

  it('429 (130429) is retriable after Retry-After', async () => {
    const outcome = await provider().send(wa({ to: '+5511999990429' }));
    expect(outcome).toMatchObject({ status: 'failed', permanent: false, bounced: false, retryAfterSeconds: 30 });
  });

  it('a template error (132000) is permanent but not a bounce', async () => {
    const outcome = await provider().send(wa({ to: '+5511999992000' }));
    expect(outcome).toMatchObject({ status: 'failed', permanent: true, bounced: false });
  });

  it('refuses a message without a template', async () => {
    await expect(provider().send(wa({ whatsappTemplate: undefined }))).rejects.toThrow(/has no whatsappTemplate/);
  });

  it('verify() checks the token against the phone number', async () => {
    await expect(provider().verify()).resolves.toBeUndefined();
    await expect(provider('EAAG-expired').verify()).rejects.toThrow(/190.*access token refused|access token refused/);
  });
});

// ───────────────────────────────────────── makeProvider ─────────────────────────────────────────

describe('makeProvider', () => {
  it('builds the provider of each kind from valid settings', async () => {
    const smtp = makeProvider({
      channel: 'email',
      provider: 'smtp',
      settings: { host: 'smtp.example.com', port: 587, secure: false, from_email: 'cobranca@acme.com.br' },
      secret: { password: 'x' },
    });
    expect([smtp.channel, smtp.dedupesById]).toEqual(['email', true]);
    await smtp.close?.();
    const sms = makeProvider({
      channel: 'sms',
      provider: 'zenvia',
      settings: { account: 'acme.api', from: 'ACME' },
      secret: { password: 'p' },
    });
    expect([sms.channel, sms.dedupesById]).toEqual(['sms', true]);
    const wa = makeProvider({
      channel: 'whatsapp',
      provider: 'whatsapp_cloud',
      settings: { phone_number_id: '123' },
      secret: { access_token: 't' },
    });
    expect([wa.channel, wa.dedupesById]).toEqual(['whatsapp', false]);
  });

  it('refuses a provider for another channel, unknown fields and missing secrets, naming them', () => {
    expect(() => makeProvider({ channel: 'sms', provider: 'smtp', settings: {}, secret: {} })).toThrow(
      /provider smtp sends email, not sms/,
    );
    expect(() =>
      makeProvider({ channel: 'sms', provider: 'zenvia', settings: { account: 'a', senha: 'x' }, secret: { password: 'p' } }),
    ).toThrow(/invalid zenvia settings: .*senha/);
    expect(() =>
      makeProvider({ channel: 'whatsapp', provider: 'whatsapp_cloud', settings: { phone_number_id: '123' }, secret: {} }),
    ).toThrow(/invalid whatsapp_cloud secret: .*access_token/);
    expect(() =>
      makeProvider({
        channel: 'email',
        provider: 'smtp',
        settings: { host: 'h', port: 70000, secure: false, from_email: 'a@b.c' },
        secret: {},
      }),
    ).toThrow(/invalid smtp settings: \/port/);
  });

  it('phoneToE164Digits is exported for the outbox', () => {
    expect(phoneToE164Digits('(11) 98765-4321', 'BR')).toBe('5511987654321');
  });
});

describe('Retry-After', () => {
  it("takes seconds, or an HTTP date against the answer's own Date header", () => {
    expect(retryAfterSeconds(new Headers({ 'retry-after': '120' }))).toBe(120);
    expect(retryAfterSeconds(new Headers({ 'retry-after': 'Wed, 21 Oct 2026 07:28:30 GMT', date: 'Wed, 21 Oct 2026 07:28:00 GMT' }))).toBe(
      30,
    );
    expect(retryAfterSeconds(new Headers({ 'retry-after': 'Wed, 21 Oct 2026 07:28:30 GMT' }))).toBeUndefined();
    expect(retryAfterSeconds(new Headers())).toBeUndefined();
  });
});
