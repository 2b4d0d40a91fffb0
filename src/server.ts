// `cobre serve`: opens the database, migrates, creates the demo tenant on a first start, runs the
// HTTP server (and, in embedded mode, the background workers in-process) until a signal.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildApp } from './app.ts';
import { loadConfig, type Config } from './platform/config.ts';
import { openDatabase } from './platform/db/open.ts';
import { migrate } from './platform/db/migrate.ts';
import type { Db } from './platform/db/types.ts';
import { createTenant, resetAllSandboxes } from './tenants/tenants.ts';
import { createUser } from './users/users.ts';
import type { Scope } from './platform/scope.ts';
import { randomBytes } from 'node:crypto';
import { startWorkers, workerOptionsFromConfig } from './workers.ts';

export async function openConfiguredDatabase(config: Config): Promise<Db> {
  if (!config.databaseUrl) mkdirSync(resolve(config.dataDir), { recursive: true });
  return openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : resolve(config.dataDir), poolSize: config.dbPoolSize, schema: config.dbSchema });
}

/**
 * Creates the demo tenant once per installation, with a console admin; returns its API keys and
 * the admin's password the first time only.
 */
export async function ensureDemoTenant(db: Db): Promise<{ live: string; test: string; tenantId: string; email: string; password: string } | null> {
  return db.transaction(async (tx) => {
    const claimed = await tx.query(`INSERT INTO app_settings (key, value) VALUES ('demo_tenant', '{}') ON CONFLICT DO NOTHING RETURNING key`);
    if (claimed.rowCount === 0) return null;
    const { tenant, liveKey, testKey } = await createTenant(tx, {
      legal_name: 'Empresa Demonstração Ltda',
      trading_name: 'Demo',
      document: '11.222.333/0001-81',
      contact_name: 'Equipe Cobre',
      contact_email: 'contato@example.com',
    });
    await tx.query(`UPDATE app_settings SET value = $1 WHERE key = 'demo_tenant'`, [JSON.stringify({ tenant_id: tenant.id })]);
    const email = 'admin@demo.cobre.local';
    const password = randomBytes(9).toString('base64url');
    const scope: Scope = { tenantId: tenant.id, accountId: tenant.id, mode: 'live', actor: { type: 'system', id: null } };
    await createUser(tx, scope, { email, name: 'Administrador (demo)', password, role: 'admin' });
    return { live: liveKey.secret, test: testKey.secret, tenantId: tenant.id, email, password };
  });
}

export async function serve(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadConfig(env);
  const db = await openConfiguredDatabase(config);
  await migrate(db);
  const app = await buildApp({ db, config, logger: { level: config.logLevel } });
  const demo = config.createDemoTenant ? await ensureDemoTenant(db) : null;
  const timers: NodeJS.Timeout[] = [];
  if (config.sandboxResetMinutes > 0) {
    timers.push(
      setInterval(() => {
        resetAllSandboxes(db).catch((err) => app.log.error({ err }, 'sandbox reset failed'));
      }, config.sandboxResetMinutes * 60_000),
    );
  }

  let workers: { stop(): Promise<void> } | null = null;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    timers.forEach(clearInterval);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      // Stop accepting (in-flight requests finish) and let the workers finish the job in hand.
      await Promise.all([app.close(), workers?.stop()]);
      await db.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  const address = await app.listen({ host: config.host, port: config.port });
  if (config.runWorkers) {
    // Background jobs (imports, …) in this process; with server PostgreSQL, `cobre worker` adds more.
    workers = startWorkers(db, { ...workerOptionsFromConfig(config), onError: (err, job) => app.log.error({ err, job: { id: job.id, queue: job.queue, attempts: job.attempts } }, 'job failed') });
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
}
