// `cobre serve`: opens the database, migrates, creates the demo tenant on a first start, runs the
// HTTP server (and, in embedded mode, the background workers in-process) until a signal, then
// drains within COBRE_SHUTDOWN_GRACE_SECONDS (src/shutdown.ts).
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { buildApp, type App } from './app.ts';
import { systemClock } from './platform/clock.ts';
import { loadConfig, type Config } from './platform/config.ts';
import { openDatabase } from './platform/db/open.ts';
import { migrate } from './platform/db/migrate.ts';
import type { Db } from './platform/db/types.ts';
import { createTenant, resetAllSandboxes } from './tenants/tenants.ts';
import { createUser } from './users/users.ts';
import type { Scope } from './platform/scope.ts';
import { randomBytes } from 'node:crypto';
import { startWorkers, workerOptionsFromConfig } from './workers.ts';
import { assertSecretKeyAvailable } from './notifications/index.ts';
import { assertPspSecretKeyAvailable } from './psp/connections.ts';
import { DomainError } from './platform/errors.ts';
import { canonicalRenderer, toApiError } from './platform/http/api-error.ts';
import { metricsRequestListener } from './platform/http/health-routes.ts';
import { exitOnShutdownSignals, stdoutLogDestination } from './shutdown.ts';
import { assertDataDirectoryFree, startControlSocket } from './platform/backup/control-socket.ts';
import { scheduledBackupRound } from './platform/backup/schedule.ts';
import { startPollLoop, type PollLoop } from './platform/poll-loop.ts';

export async function openConfiguredDatabase(config: Config): Promise<Db> {
  if (!config.databaseUrl) mkdirSync(resolve(config.dataDir), { recursive: true });
  return openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : resolve(config.dataDir),
    poolSize: config.dbPoolSize,
    schema: config.dbSchema,
  });
}

/**
 * Creates the demo tenant once per installation, with a console admin; returns its API keys and
 * the admin's password the first time only.
 */
export async function ensureDemoTenant(
  db: Db,
  now: Date,
): Promise<{ live: string; test: string; tenantId: string; email: string; password: string } | null> {
  return db.transaction(async (tx) => {
    const claimed = await tx.query(
      `INSERT INTO app_settings (key, value) VALUES ('demo_tenant', '{}') ON CONFLICT DO NOTHING RETURNING key`,
    );
    if (claimed.rowCount === 0) return null;
    const { tenant, liveKey, testKey } = await createTenant(
      tx,
      {
        legal_name: 'Empresa Demonstração Ltda',
        trading_name: 'Demo',
        document: '11.222.333/0001-81',
        contact_name: 'Equipe Cobre',
        contact_email: 'contato@example.com',
      },
      now,
    );
    await tx.query(`UPDATE app_settings SET value = $1 WHERE key = 'demo_tenant'`, [JSON.stringify({ tenant_id: tenant.id })]);
    const email = 'admin@demo.cobre.local';
    const password = randomBytes(9).toString('base64url');
    const scope: Scope = { tenantId: tenant.id, accountId: tenant.id, mode: 'live', actor: { type: 'system', id: null }, now };
    await createUser(tx, scope, { email, name: 'Administrador (demo)', password, role: 'admin' });
    return { live: liveKey.secret, test: testKey.secret, tenantId: tenant.id, email, password };
  });
}

/** Marks a raw request that arrived after draining began. */
const ARRIVED_DRAINING = Symbol('cobre.arrivedDraining');
type MarkedRequest = IncomingMessage & { [ARRIVED_DRAINING]?: true };

/**
 * The HTTP side of a graceful stop: requests that arrive while draining get 503 in the canonical
 * envelope (or their compatibility API's format) with `Connection: close`, responses to the
 * requests in flight close their connection, and every keep-alive connection is closed as soon
 * as it carries no request. Call before the app is ready (it adds hooks).
 */
export function httpDrainer(app: App) {
  let draining = false;
  let inFlight = 0;
  let cutShort = 0;
  // Decided when the request arrives, not in the hook: a request already in flight may reach the
  // hook after draining began (an earlier onRequest hook waits on the database), and must finish.
  app.server.prependListener('request', (req: MarkedRequest, res: ServerResponse) => {
    if (draining) req[ARRIVED_DRAINING] = true;
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (draining && !res.writableFinished) cutShort++;
    });
  });
  app.addHook('onRequest', async (req, reply) => {
    if (!(req.raw as MarkedRequest)[ARRIVED_DRAINING]) return;
    // Rendered here rather than thrown: an expected refusal, not a server error to log with a stack.
    const refusal = toApiError(new DomainError('unavailable', 'The server is shutting down; send the request again'));
    const render = req.routeOptions.config?.renderError ?? canonicalRenderer;
    return reply
      .code(refusal.status)
      .header('connection', 'close')
      .send(render(refusal, req, reply));
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    if (draining) reply.header('connection', 'close');
    return payload;
  });
  return {
    /** Stops accepting connections and resolves once every connection has closed. */
    async drain(log: Logger): Promise<void> {
      draining = true;
      const closed = new Promise<void>((done) => app.server.close(() => done())); // also closes idle keep-alive connections
      log.info({ in_flight_requests: inFlight }, 'shutdown: stopped accepting connections; waiting for the requests in flight');
      // A response that was already being sent when draining began has no `Connection: close`;
      // its connection turns idle afterwards and is closed here.
      const reaper = setInterval(() => app.server.closeIdleConnections(), 100);
      try {
        await closed;
      } finally {
        clearInterval(reaper);
      }
      log.info({ cut_short: cutShort }, 'shutdown: requests finished, HTTP connections closed');
    },
    /** Past the grace period: closes every connection, in flight or not. */
    cut(log: Logger): void {
      log.warn({ in_flight_requests: inFlight }, 'shutdown: closing the remaining HTTP connections');
      app.server.closeAllConnections();
    },
  };
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function serve(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadConfig(env);
  const logStream = stdoutLogDestination();
  const log = pino({ level: config.logLevel }, logStream);
  // Everything below may be half started when a signal arrives; the drain stops what exists.
  let stopping = false;
  let db: Db | null = null;
  let app: App | null = null;
  let http: ReturnType<typeof httpDrainer> | null = null;
  let metricsServer: Server | null = null;
  let workers: { stop(): Promise<void> } | null = null;
  const timers: NodeJS.Timeout[] = [];
  let control: { close(): Promise<void> } | null = null;
  let backups: PollLoop | null = null;
  let startup: Promise<void> = Promise.resolve();

  exitOnShutdownSignals({
    graceMs: config.shutdownGraceSeconds * 1000,
    log,
    async drain() {
      stopping = true;
      timers.forEach(clearInterval);
      // A signal during startup: the step under way finishes (within the grace period), no more start.
      await startup.catch(() => {});
      await Promise.all([control?.close(), backups?.stop()]);
      const metricsClosed = metricsServer ? new Promise<void>((done) => metricsServer!.close(() => done())) : null;
      await Promise.all([
        http?.drain(log),
        metricsClosed,
        workers &&
          (async () => {
            log.info({}, 'shutdown: stopping the workers (the job in hand finishes)');
            await workers.stop();
            log.info({}, 'shutdown: workers stopped');
          })(),
      ]);
      await app?.close();
      if (db) {
        log.info({}, 'shutdown: closing the database');
        await db.close();
        log.info({}, 'shutdown: database closed');
      }
    },
    onGraceOver() {
      // Jobs still running are abandoned: their lease runs out and another worker takes them over.
      http?.cut(log);
      metricsServer?.closeAllConnections();
    },
  });

  startup = (async () => {
    if (!config.databaseUrl) await assertDataDirectoryFree(config.dataDir);
    db = await openConfiguredDatabase(config);
    await migrate(db);
    if (db.kind === 'pglite') {
      // `cobre backup` and `cobre tenants export` reach the embedded database through this process.
      control = await startControlSocket(db, config.dataDir, () => systemClock.now());
      if (config.backupEveryHours > 0) {
        const opened = db;
        const schedule = { dir: resolve(config.backupDir), everyHours: config.backupEveryHours, keep: config.backupKeep };
        backups = startPollLoop(
          async () => {
            const file = await scheduledBackupRound(opened, schedule, systemClock.now());
            if (file) log.info({ file }, 'scheduled backup written');
            return 0;
          },
          { pollMs: 60_000, onError: (err) => log.error({ err }, 'scheduled backup failed') },
        );
      }
    }
    await assertSecretKeyAvailable(db);
    await assertPspSecretKeyAvailable(db);
    app = await buildApp({ db, config, logger: { level: config.logLevel, stream: logStream } });
    http = httpDrainer(app);
    const demo = config.createDemoTenant ? await ensureDemoTenant(db, systemClock.now()) : null;
    if (stopping) return;
    if (config.sandboxResetMinutes > 0) {
      const opened = db;
      const a = app;
      timers.push(
        setInterval(() => {
          resetAllSandboxes(opened).catch((err) => a.log.error({ err }, 'sandbox reset failed'));
        }, config.sandboxResetMinutes * 60_000),
      );
    }
    const address = await app.listen({ host: config.host, port: config.port });
    if (config.metricsPort !== undefined) {
      metricsServer = createServer(metricsRequestListener(app));
      const m = await listen(metricsServer, config.metricsHost ?? config.host, config.metricsPort);
      log.info({ address: m.address, port: m.port }, 'metrics listener: /metrics is served here only');
    }
    if (stopping) return;
    if (config.runWorkers) {
      // Background jobs (imports, …) in this process; with server PostgreSQL, `cobre worker` adds more.
      const a = app;
      workers = startWorkers(db, {
        ...workerOptionsFromConfig(config),
        onError: (err, job) => a.log.error({ err, job: { id: job.id, queue: job.queue, attempts: job.attempts } }, 'job failed'),
      });
    }
    const base = config.publicUrl ?? address.replace('127.0.0.1', 'localhost');
    const lines = [
      '',
      `  Cobre is running (${db.kind === 'pglite' ? `embedded database in ${resolve(config.dataDir)}` : 'PostgreSQL'})`,
      `  Console:       ${base}/`,
      `  API reference: ${base}/docs   (OpenAPI: ${base}/openapi.json)`,
    ];
    if (demo) {
      lines.push(
        '',
        '  Demo tenant created. Its credentials are shown only this once:',
        `    console login: ${demo.email} / ${demo.password}`,
        `    live API key:  ${demo.live}`,
        `    test API key:  ${demo.test}`,
        `  Try:  curl -H "Authorization: Bearer ${demo.test}" ${base}/v1/customers`,
      );
    } else {
      lines.push('', '  (Demo tenant already exists; create keys with `npx cobre tenants create --name "…"` or POST /v1/api-keys.)');
    }
    process.stdout.write(lines.join('\n') + '\n\n');
  })();
  await startup;
}
