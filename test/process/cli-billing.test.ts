// `cobre billing run` goes through the server's API: start a run, follow its progress, report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textSink } from '../support/text-sink.ts';
import type { AddressInfo } from 'node:net';
import { createTestContext, cpfFrom, type TestContext, type TestTenant, br, d } from '../support/app.ts';
import { runCliBilling } from '../../src/billing/runs/cli-billing.ts';
import { runJobsUntilIdle } from '../../src/workers.ts';

let ctx: TestContext;
let t: TestTenant;
let base: string;

const sink = textSink;

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-23T15:00:00Z' });
  t = await ctx.newTenant();
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
  const svc = (
    await ctx.call(t.live, 'POST', '/v1/services', { code: 'NET', name: 'Internet', unit: 'mês', pricing_model: 'flat', price_cents: 5000 })
  ).json();
  const cust = (
    await ctx.call(t.live, 'POST', '/v1/customers', { person_type: 'PF', name: 'Cliente CLI', document: cpfFrom(9100) })
  ).json();
  const contract = (
    await ctx.call(t.live, 'POST', '/v1/contracts', {
      customer_id: cust.id,
      start_date: d('2026-10-05'),
      billing_day: 5,
      due_days: 5,
      items: [{ service_id: svc.id }],
    })
  ).json();
  await ctx.call(t.live, 'POST', `/v1/contracts/${contract.id}/activate`);
});
afterAll(() => ctx.close());

describe('cobre billing run', () => {
  it('starts the run, shows progress and prints the result', async () => {
    const out = sink();
    const err = sink();
    // The server's workers would run the jobs; here the test drains them while the CLI polls.
    const drain = setInterval(() => void runJobsUntilIdle(ctx.db, { queues: ['billing'], clock: ctx.clock }), 50);
    const code = await runCliBilling({
      date: d('2026-11-05'),
      baseUrl: base,
      apiKey: t.live,
      pollMs: 50,
      out: out.stream,
      err: err.stream,
    });
    clearInterval(drain);
    expect(code).toBe(0);
    expect(err.text()).toContain(`Faturamento nº 1 de ${br('05/11/2026')} iniciado.`);
    expect(err.text()).toContain('100.0%  1/1 contratos');
    expect(out.text()).toContain('Cobranças criadas: 1 (R$');
    expect(out.text()).toContain('50,00');
  });

  it('--catch-up bills the period whose billing day passed unbilled; without it the run says why it skipped', async () => {
    const drain = setInterval(() => void runJobsUntilIdle(ctx.db, { queues: ['billing'], clock: ctx.clock }), 50);
    try {
      const plain = sink();
      expect(
        await runCliBilling({ date: d('2026-12-10'), baseUrl: base, apiKey: t.live, pollMs: 50, out: plain.stream, err: sink().stream }),
      ).toBe(0);
      expect(plain.text()).toContain('Cobranças criadas: 0');
      expect(plain.text()).toContain('Períodos pendentes (dia de faturamento já passou sem cobrança): 1 de 1 contrato(s)');
      const caught = sink();
      expect(
        await runCliBilling({
          date: d('2026-12-10'),
          catchUp: true,
          baseUrl: base,
          apiKey: t.live,
          pollMs: 50,
          out: caught.stream,
          err: sink().stream,
        }),
      ).toBe(0);
      expect(caught.text()).toContain('Cobranças criadas: 1 (R$');
    } finally {
      clearInterval(drain);
    }
  });

  it('says clearly what is wrong: bad date, bad key, no server', async () => {
    const err = sink();
    expect(await runCliBilling({ date: br('05/11/2026'), baseUrl: base, apiKey: t.live, err: err.stream })).toBe(1);
    expect(err.text()).toContain('AAAA-MM-DD');
    const err2 = sink();
    expect(await runCliBilling({ baseUrl: base, apiKey: 'ck_live_wrong', err: err2.stream })).toBe(1);
    expect(err2.text()).toContain('401');
    const err3 = sink();
    expect(await runCliBilling({ baseUrl: 'http://127.0.0.1:9', apiKey: t.live, err: err3.stream })).toBe(1);
    expect(err3.text()).toContain('Não foi possível conectar');
  });
});
