// The `cobre` command. Entry point only: each command calls into the capabilities.
import { parseArgs } from 'node:util';
import { loadConfig } from './platform/config.ts';
import { systemClock } from './platform/clock.ts';
import { EditedMigration, migrate, UnfinishedMove } from './platform/db/migrate.ts';
import { openConfiguredDatabase, serve } from './server.ts';
import { createTenant } from './tenants/tenants.ts';
import { runCliBilling } from './billing/runs/cli-billing.ts';
import { createUser } from './users/users.ts';
import { startWorkers, workerOptionsFromConfig } from './workers.ts';
import { assertSecretKeyAvailable } from './notifications/index.ts';
import { assertPspSecretKeyAvailable } from './psp/connections.ts';
import { runCliImport } from './imports/cli-import.ts';
import { runCnabRemessa, runCnabRetorno } from './bank-files/cli-cnab.ts';
import { createLogger, exitOnShutdownSignals } from './shutdown.ts';
import type { Db } from './platform/db/types.ts';
import { DataDirectoryInUse, serverIsRunning } from './platform/backup/control-socket.ts';
import { isRefusal, runBackup, runMove, runRestore, type CliContext } from './platform/backup/cli-operations.ts';

const USAGE = `usage: cobre <command>

  serve                              run the API server (and, embedded, the workers)
  worker                             run the background workers only (server PostgreSQL; "serve" already runs them)
  import customers|consumption <file.xlsx|file.csv> [--mode all_or_nothing|valid_rows] [--dry-run]
                                     upload a spreadsheet to the running server (COBRE_URL, COBRE_API_KEY) and
                                     show its progress and report
  billing run [--date YYYY-MM-DD] [--catch-up]
                                     start the billing run of a date (default today) on the running server
                                     (COBRE_URL, COBRE_API_KEY) and show its progress and result; --catch-up
                                     also bills the periods whose billing date passed unbilled
  cnab remessa [--account ID|N] [--preview] [--out FILE]
                                     download the CNAB 240 remittance of the boletos not yet sent (COBRE_URL,
                                     COBRE_API_KEY; default account: the tenant's default)
  cnab retorno FILE [--account ID|N] upload a bank return file (CNAB 240/400) and print the payments it registered
  migrate                            apply pending database migrations
  backup [--out FILE]                write a consistent, compressed backup (a plain SQL script psql also restores);
                                     with the embedded database, a running server writes it from its own connection
  restore FILE [--force]             restore a backup into an empty embedded directory or PostgreSQL database, then
                                     apply newer migrations (--force replaces a non-empty target's contents)
  move --to postgres://…             copy the embedded database into an empty server PostgreSQL, company by company,
                                     verify every table, and print how to switch; run it again to resume a stopped move
  tenants export --tenant ID [--out FILE]
                                     one company's data (live and sandbox) into a file for another Cobre
  tenants import FILE                load a company's export (same migration level; the company must not exist)
  tenants create --name "Razão Social" [--document CNPJ] [--contact-name …] [--contact-email …] [--contact-phone …]
                                     create a tenant; prints its live and test API keys once
  users create --tenant <id> --email <e-mail> --password <password|-> [--name "…"] [--role admin|operator]
                                     create a console user of a company (default role: operator;
                                     --password - reads it from standard input)

Environment: DATABASE_URL (server PostgreSQL) or COBRE_DATA_DIR (embedded, default ./.cobre).
See docs/configuration.md.`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

/**
 * The embedded database is one process: while a server holds the data directory, another
 * process cannot open it. Say so instead of failing obscurely.
 */
async function openForCli() {
  const config = loadConfig();
  if (!config.databaseUrl && (await serverIsRunning(config.dataDir))) {
    fail(
      `cobre serve is running on ${config.dataDir}; stop it first or use the HTTP API (the embedded database allows one process at a time).`,
    );
  }
  try {
    return await openConfiguredDatabase(config);
  } catch (err) {
    if (!config.databaseUrl) {
      fail(
        `cannot open the embedded database in ${config.dataDir}: ${(err as Error).message}\n` +
          'If `cobre serve` is running on this data directory, stop it first or use the HTTP API ' +
          '(the embedded database allows one process at a time; server PostgreSQL has no such limit).',
      );
    }
    throw err;
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve();
    case 'worker': {
      const config = loadConfig();
      if (!config.databaseUrl) {
        fail(
          '`cobre worker` runs extra worker processes for server PostgreSQL (set DATABASE_URL).\n' +
            'With the embedded database, `cobre serve` already runs the workers in-process (COBRE_RUN_WORKERS=true).',
        );
      }
      const log = createLogger(config.logLevel, 'worker');
      // Installed before the database opens, so a signal during startup is a graceful stop too.
      let ready: Promise<{ db: Db; workers: { stop(): Promise<void> } }> | null = null;
      exitOnShutdownSignals({
        graceMs: config.shutdownGraceSeconds * 1000,
        log,
        async drain() {
          const started = await ready?.catch(() => null);
          if (!started) return;
          log.info({}, 'shutdown: stopping the workers (the job in hand finishes)');
          await started.workers.stop();
          log.info({}, 'shutdown: workers stopped; closing the database');
          await started.db.close();
          log.info({}, 'shutdown: database closed');
        },
      });
      ready = (async () => {
        const db = await openConfiguredDatabase(config);
        await migrate(db);
        await assertSecretKeyAvailable(db);
        await assertPspSecretKeyAvailable(db);
        await assertPspSecretKeyAvailable(db);
        const workers = startWorkers(db, {
          ...workerOptionsFromConfig(config),
          onError: (err, job) => log.error({ err, job: { id: job.id, queue: job.queue, attempts: job.attempts } }, 'job failed'),
        });
        return { db, workers };
      })();
      await ready;
      process.stdout.write('Cobre worker running; Ctrl-C to stop.\n');
      return;
    }
    case 'import': {
      if (sub !== 'customers' && sub !== 'consumption') fail(`import needs customers or consumption\n\n${USAGE}`);
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { mode: { type: 'string' }, 'dry-run': { type: 'boolean' } },
      });
      if (positionals.length !== 1) fail(`import ${sub} needs one file\n\n${USAGE}`);
      const mode = values.mode ?? 'all_or_nothing';
      if (mode !== 'all_or_nothing' && mode !== 'valid_rows') fail('--mode is all_or_nothing or valid_rows');
      process.exitCode = await runCliImport({
        entity: sub,
        file: positionals[0],
        mode,
        dryRun: !!values['dry-run'],
        baseUrl: process.env.COBRE_URL || 'http://localhost:3000',
        apiKey: process.env.COBRE_API_KEY || undefined,
      });
      return;
    }
    case 'cnab': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { account: { type: 'string' }, preview: { type: 'boolean' }, out: { type: 'string' } },
      });
      const client = {
        baseUrl: process.env.COBRE_URL || 'http://localhost:3000',
        apiKey: process.env.COBRE_API_KEY || undefined,
        account: values.account,
      };
      if (sub === 'remessa') {
        if (positionals.length) fail(`cnab remessa takes no file\n\n${USAGE}`);
        process.exitCode = await runCnabRemessa({ ...client, preview: !!values.preview, outFile: values.out });
      } else if (sub === 'retorno') {
        if (positionals.length !== 1) fail(`cnab retorno needs one file\n\n${USAGE}`);
        process.exitCode = await runCnabRetorno({ ...client, file: positionals[0] });
      } else fail(`cnab needs remessa or retorno\n\n${USAGE}`);
      return;
    }
    case 'billing': {
      if (sub !== 'run') fail(`billing needs run\n\n${USAGE}`);
      const { values } = parseArgs({ args: rest, options: { date: { type: 'string' }, 'catch-up': { type: 'boolean' } } });
      process.exitCode = await runCliBilling({
        date: values.date,
        catchUp: values['catch-up'] === true,
        baseUrl: process.env.COBRE_URL || 'http://localhost:3000',
        apiKey: process.env.COBRE_API_KEY || undefined,
      });
      return;
    }
    case 'migrate': {
      const db = await openForCli();
      const applied = await migrate(db);
      await db.close();
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      return;
    }
    case 'backup':
    case 'restore':
    case 'move':
      return runOperation(
        command,
        [sub, ...rest].filter((a): a is string => a !== undefined),
      );
    case 'tenants': {
      if (sub === 'export' || sub === 'import') return runOperation(`tenants ${sub}`, rest);
      if (sub !== 'create') fail(USAGE);
      const { values } = parseArgs({
        args: rest,
        options: {
          name: { type: 'string' },
          'trading-name': { type: 'string' },
          document: { type: 'string' },
          country: { type: 'string' },
          'contact-name': { type: 'string' },
          'contact-email': { type: 'string' },
          'contact-phone': { type: 'string' },
        },
      });
      if (!values.name) fail('tenants create needs --name "Legal name"');
      const db = await openForCli();
      await migrate(db);
      try {
        const { tenant, liveKey, testKey } = await db.transaction((tx) =>
          createTenant(
            tx,
            {
              legal_name: values.name!,
              trading_name: values['trading-name'],
              document: values.document,
              country: values.country,
              contact_name: values['contact-name'],
              contact_email: values['contact-email'],
              contact_phone: values['contact-phone'],
            },
            systemClock.now(),
          ),
        );
        process.stdout.write(
          `tenant ${tenant.id} (${tenant.legal_name})\n` +
            `live API key: ${liveKey.secret}\n` +
            `test API key: ${testKey.secret}\n` +
            'These keys are shown only once; store them now.\n',
        );
      } catch (err) {
        const e = err as { code?: string; message: string; details?: { field?: string; issue: string }[] };
        if (e.code && e.details) fail(`${e.message}`);
        throw err;
      } finally {
        await db.close();
      }
      return;
    }
    case 'users': {
      if (sub !== 'create') fail(USAGE);
      const { values } = parseArgs({
        args: rest,
        options: {
          tenant: { type: 'string' },
          email: { type: 'string' },
          password: { type: 'string' },
          name: { type: 'string' },
          role: { type: 'string' },
        },
      });
      if (!values.tenant || !values.email || !values.password)
        fail('users create needs --tenant <company id> --email <e-mail> --password <password>');
      // `--password -` reads it from standard input (keeps it out of the process list and shell history).
      if (values.password === '-') {
        const chunks: Buffer[] = [];
        for await (const c of process.stdin) chunks.push(c as Buffer);
        values.password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
      }
      const role = values.role ?? 'operator';
      if (role !== 'admin' && role !== 'operator') fail('--role must be admin or operator');
      const db = await openForCli();
      await migrate(db);
      try {
        const { rows } = await db.query<{ id: string; mode: string; legal_name: string }>(
          'SELECT id, mode, legal_name FROM tenants WHERE id::text = $1',
          [values.tenant],
        );
        if (rows[0]?.mode !== 'live')
          fail(`no company with id ${values.tenant} (give the live tenant id printed by \`cobre tenants create\`)`);
        const scope = {
          tenantId: rows[0].id,
          accountId: rows[0].id,
          mode: 'live' as const,
          actor: { type: 'system' as const, id: 'cli' },
          now: systemClock.now(),
        };
        const user = await db.transaction((tx) =>
          createUser(tx, scope, { email: values.email!, password: values.password!, name: values.name, role }),
        );
        process.stdout.write(`user ${user.id} <${user.email}> (${user.role}) of ${rows[0].legal_name}\n`);
      } catch (err) {
        const e = err as { code?: string; message: string; details?: { field?: string; issue: string }[] };
        if (e.code && e.details) fail(e.message);
        throw err;
      } finally {
        await db.close();
      }
      return;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE + '\n');
      return;
    default:
      fail(`unknown command: ${command}\n\n${USAGE}`);
  }
}

/** Backups, restores, moves and company transfers (src/platform/backup). */
async function runOperation(command: string, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' }, force: { type: 'boolean' }, to: { type: 'string' }, tenant: { type: 'string' } },
  });
  const ctx: CliContext = { config: loadConfig(), now: () => systemClock.now(), open: openForCli, out: (t) => process.stdout.write(t) };
  try {
    if (command === 'backup') {
      if (positionals.length) fail(`backup takes no file (use --out FILE)\n\n${USAGE}`);
      await runBackup(ctx, { out: values.out });
    } else if (command === 'tenants export') {
      if (!values.tenant) fail('tenants export needs --tenant <company id>');
      await runBackup(ctx, { out: values.out, tenantId: values.tenant });
    } else if (command === 'restore' || command === 'tenants import') {
      if (positionals.length !== 1) fail(`${command} needs one file\n\n${USAGE}`);
      await runRestore(ctx, { file: positionals[0], force: !!values.force, tenant: command === 'tenants import' });
    } else if (command === 'move') {
      if (!values.to) fail('move needs --to postgres://user:password@host:5432/database');
      const pause = Number(process.env.COBRE_MOVE_PAUSE_AFTER_COMPANY_MS || 0);
      await runMove(ctx, { to: values.to, pauseAfterCompanyMs: pause > 0 ? pause : undefined });
    }
  } catch (err) {
    if (isRefusal(err)) fail(`${command}: ${err.message}`);
    throw err;
  }
}

main(process.argv.slice(2)).catch((err) => {
  // A database another process holds, one a move is still filling, or an edited migration: one line, not a stack.
  if (err instanceof DataDirectoryInUse || err instanceof UnfinishedMove || err instanceof EditedMigration) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
