// What a clerk prints (issue 16): the boleto's Instruções from the charge's payment terms, the
// "Data do Documento", no boleto for paid or cancelled charges but a receipt, the carnê that skips
// what it must not print (and says which), the booklet layout, and the 2ª via with the updated
// amount. Through HTTP against a real database; the PDFs are read back with poppler-utils and the
// barcodes scanned with zbar-tools (those checks skip without them).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBoleto } from '../../src/febraban/index.ts';
import { createTestContext, cpfFrom, br, d, type TestContext, type TestTenant } from '../support/app.ts';
import { systemTools } from '../support/tools.ts';

const tools = systemTools('the boleto PDF scan and text checks', ['pdftoppm', 'pdftotext', 'pdfinfo', 'zbarimg']);
const canRead = tools.has('pdftotext');
const canScan = tools.has('pdftoppm', 'zbarimg');

let ctx: TestContext;
let t: TestTenant;
const dir = mkdtempSync(join(tmpdir(), 'boleto-printing-'));
let n = 0;

beforeAll(async () => {
  ctx = await createTestContext();
  t = await ctx.newTenant();
  const acc = await ctx.call(t.live, 'POST', '/v1/collection-accounts', {
    bank_code: '341',
    agency: '0057',
    account: '12345',
    carteira: '109',
    account_digit: '7',
    beneficiary_name: 'Empresa Demonstração Ltda',
    beneficiary_document: '11.222.333/0001-81',
    beneficiary_address: {
      street: 'Rua João Pessoa',
      number: '17',
      district: 'Centro',
      city: 'Garibaldi',
      state: 'RS',
      postal_code: '95720-000',
    },
    instructions: ['Instrução livre da conta de cobrança.'],
  });
  expect(acc.statusCode, acc.body).toBe(201);
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await ctx.close();
});

let seed = 5000;
async function customer(over: Record<string, unknown> = {}) {
  const res = await ctx.call(t.live, 'POST', '/v1/customers', {
    person_type: 'PF',
    name: 'Carla Pagadora de Souza',
    document: cpfFrom(++seed),
    addresses: [
      { street: 'Avenida Brasil', number: '100', district: 'Centro', city: 'Porto Alegre', state: 'RS', postal_code: '90010-000' },
    ],
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function charge(customerId: string, over: Record<string, unknown> = {}) {
  const res = await ctx.call(t.live, 'POST', '/v1/charges', {
    customer_id: customerId,
    amount_cents: 100000,
    due_date: d('2026-12-10'),
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function pay(chargeId: string, amount: number) {
  const res = await ctx.call(t.live, 'POST', `/v1/charges/${chargeId}/payments`, {
    amount_cents: amount,
    method: 'pix',
    paid_on: d('2026-11-20'),
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
}

function save(pdf: Buffer): string {
  const file = join(dir, `p${++n}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

/** The text of each page (pdftotext separates pages with a form feed), spaces collapsed. */
function pages(pdf: Buffer): string[] {
  return tools
    .run('pdftotext', ['-layout', save(pdf), '-'])
    .split('\f')
    .filter((p) => p.trim() !== '')
    .map((p) => p.replace(/[ \t]+/g, ' '));
}

function pageCount(pdf: Buffer): number {
  return Number(/Pages:\s+(\d+)/.exec(tools.run('pdfinfo', [save(pdf)]))?.[1]);
}

/** Every barcode on page 1, rasterised at 300 dpi. */
function scan(pdf: Buffer): string[] {
  const file = save(pdf);
  const base = file.slice(0, -4);
  tools.run('pdftoppm', ['-r', '300', '-png', '-f', '1', '-l', '1', '-singlefile', file, base]);
  return tools
    .run('zbarimg', ['--nodbus', '--quiet', '--raw', '-Si25.enable', `${base}.png`])
    .split('\n')
    .filter((l) => l !== '');
}

const LATE = { fine: { kind: 'percent', value: '2' }, interest: { monthly_percent: '1', compound: false }, grace_days: 0 };

describe('the boleto PDF', () => {
  it.skipIf(!canRead)(
    "prints the discount until its date, the fine and the interest in the Instruções, and the charge's issue date as Data do Documento",
    async () => {
      const c = await customer();
      const rule = await ctx.call(t.live, 'POST', '/v1/payment-rules', {
        descricao: 'Desconto pontualidade',
        tipo_calculo_valor: 'V',
        valor_fixo_centavos: 5000,
        tipo_prazo_pagamento: 'ADV',
        dias: 5,
      });
      expect(rule.statusCode, rule.body).toBe(201);
      expect(
        (await ctx.call(t.live, 'POST', `/v1/payment-rules/${rule.json().id}/links`, { target_type: 'customer', target_id: c.id }))
          .statusCode,
      ).toBe(201);
      // Issued well before the test clock's today: the PDF must print the charge's date, not today's.
      const ch = await charge(c.id, { issue_date: d('2026-09-15'), late_policy: LATE });
      const res = await ctx.call(t.live, 'GET', `/v1/charges/${ch.id}/boleto.pdf`);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      const [text] = pages(res.rawPayload);
      expect(text).toContain(`Conceder desconto de R$ 50,00 até ${br('05/12/2026')}`);
      expect(text).toContain('Após o vencimento cobrar multa de 2,00% (R$ 20,00)');
      expect(text).toContain('Juros de mora de R$ 0,33 por dia de atraso (1,00% ao mês)');
      expect(text).toContain('Instrução livre da conta de cobrança.');
      // Ficha: "Data do Documento" then "Nº do Documento"…; the value row under it starts with the issue date.
      expect(text).toMatch(new RegExp(`Data do Documento[^\\n]*\\n\\s*${br('15/09/2026')}`));
      expect(text).not.toMatch(new RegExp(`Data do Documento[^\\n]*\\n\\s*${br('23/11/2026')}`));
      // Data Processamento is today (the test clock).
      expect(text).toContain(br('23/11/2026'));
    },
  );

  it.skipIf(!canRead)(
    'prints "Não receber após" from the policy\'s accept_days_after_due (the company\'s, stored and read back)',
    async () => {
      const put = await ctx.call(t.live, 'PUT', '/v1/late-charge-policy', { ...LATE, accept_days_after_due: 30 });
      expect(put.statusCode, put.body).toBe(200);
      expect((await ctx.call(t.live, 'GET', '/v1/late-charge-policy')).json().policy.accept_days_after_due).toBe(30);
      expect((await ctx.call(t.live, 'PUT', '/v1/late-charge-policy', { ...LATE, accept_days_after_due: 3651 })).statusCode).toBe(400);
      try {
        const ch = await charge((await customer()).id);
        const [text] = pages((await ctx.call(t.live, 'GET', `/v1/charges/${ch.id}/boleto.pdf`)).rawPayload);
        expect(text).toContain(`Não receber após ${br('09/01/2027')}`);
      } finally {
        await ctx.call(t.live, 'PUT', '/v1/late-charge-policy', LATE);
      }
    },
  );

  it('is 409 charge_not_payable for a paid or a cancelled charge', async () => {
    const c = await customer();
    const paid = await charge(c.id, { amount_cents: 20000 });
    expect((await ctx.call(t.live, 'GET', `/v1/charges/${paid.id}/boleto.pdf`)).statusCode).toBe(200);
    await pay(paid.id, 20000);
    const res = await ctx.call(t.live, 'GET', `/v1/charges/${paid.id}/boleto.pdf`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'charge_not_payable',
      reason: 'paid',
      status: 'paid',
      receipt_url: `/v1/charges/${paid.id}/receipt.pdf`,
    });
    expect(res.json().error.details).toEqual([{ field: 'status', issue: 'paid' }]);

    // Paid before any boleto existed: the same answer.
    const paidFirst = await charge(c.id, { amount_cents: 3000 });
    await pay(paidFirst.id, 3000);
    expect((await ctx.call(t.live, 'GET', `/v1/charges/${paidFirst.number}/boleto.pdf`)).json().error).toMatchObject({
      code: 'charge_not_payable',
      reason: 'paid',
    });

    const cancelled = await charge(c.id);
    await ctx.call(t.live, 'POST', `/v1/charges/${cancelled.id}/cancel`, { reason: 'erro' });
    const r2 = await ctx.call(t.live, 'GET', `/v1/charges/${cancelled.id}/boleto.pdf`);
    expect(r2.statusCode).toBe(409);
    expect(r2.json().error).toMatchObject({ code: 'charge_not_payable', reason: 'cancelled' });
    expect(r2.json().error.details).toEqual([{ field: 'status', issue: 'cancelled' }]);
  });
});

describe('GET /v1/charges/:id/receipt.pdf', () => {
  it.skipIf(!canRead)('gives the receipt of a paid and of a partially paid charge, 409 when nothing was paid', async () => {
    const c = await customer({ name: 'Rodrigo Recibo Lima' });
    const ch = await charge(c.id, { amount_cents: 30000, description: 'Mensalidade de dezembro' });
    const none = await ctx.call(t.live, 'GET', `/v1/charges/${ch.id}/receipt.pdf`);
    expect(none.statusCode).toBe(409);
    expect(none.json().error.code).toBe('charge_has_no_payments');

    await pay(ch.id, 10000);
    const partial = await ctx.call(t.live, 'GET', `/v1/charges/${ch.id}/receipt.pdf`);
    expect(partial.statusCode, partial.body.slice(0, 300)).toBe(200);
    expect(partial.headers['content-type']).toBe('application/pdf');
    const [p] = pages(partial.rawPayload);
    expect(p).toContain('Recibo de pagamento parcial');
    expect(p).toContain('Saldo em aberto R$ 200,00');

    await pay(ch.id, 20000);
    const full = await ctx.call(t.live, 'GET', `/v1/charges/${ch.number}/receipt.pdf`);
    const [text] = pages(full.rawPayload);
    expect(text).toContain('Recibo de pagamento');
    expect(text).not.toContain('Saldo em aberto');
    expect(text).toContain('Rodrigo Recibo Lima');
    expect(text).toContain(`Cobrança nº ${ch.number}`);
    expect(text).toContain('Mensalidade de dezembro');
    expect(text).toMatch(new RegExp(`${br('20/11/2026')} Pix R\\$ 100,00`));
    expect(text).toMatch(new RegExp(`${br('20/11/2026')} Pix R\\$ 200,00`));
    expect(text).toContain('Total pago R$ 300,00');
    expect(text).toContain('Empresa Demonstração Ltda');
    expect(text).toContain('11.222.333/0001-81');
  });
});

describe('carnê', () => {
  /** An open charge, a paid one, a cancelled one, a Pix-only one and another open one of one payer. */
  async function mix() {
    const c = await customer({ name: 'Beatriz Carnê Nunes' });
    const open1 = await charge(c.id, { amount_cents: 11000, due_date: d('2027-01-10') });
    const paid = await charge(c.id, { amount_cents: 12000 });
    await pay(paid.id, 12000);
    const cancelled = await charge(c.id);
    await ctx.call(t.live, 'POST', `/v1/charges/${cancelled.id}/cancel`, { reason: 'erro' });
    const pix = await charge(c.id, { payment_method: 'pix' });
    const open2 = await charge(c.id, { amount_cents: 13000, due_date: d('2027-02-10') });
    const open3 = await charge(c.id, { amount_cents: 14000, due_date: d('2027-03-10') });
    await pay(open3.id, 4000);
    return { open1, paid, cancelled, pix, open2, open3 };
  }

  it('plans which charges it prints and which it skips, and why', async () => {
    const m = await mix();
    const unknown = '00000000-0000-7000-8000-0000000000aa';
    const res = await ctx.call(t.live, 'POST', '/v1/boletos/carne/plan', {
      charge_ids: [m.open1.id, m.paid.id, m.cancelled.id, m.pix.id, unknown, m.open2.id, m.open3.id],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      included: [
        { charge_id: m.open1.id, number: m.open1.number, amount_cents: 11000, due_date: d('2027-01-10') },
        { charge_id: m.open2.id, number: m.open2.number, amount_cents: 13000, due_date: d('2027-02-10') },
        { charge_id: m.open3.id, number: m.open3.number, amount_cents: 10000, due_date: d('2027-03-10') },
      ],
      skipped: [
        { charge_id: m.paid.id, number: m.paid.number, status: 'paid', reason: 'paid' },
        { charge_id: m.cancelled.id, number: m.cancelled.number, status: 'cancelled', reason: 'cancelled' },
        { charge_id: m.pix.id, number: m.pix.number, status: 'open', reason: 'not_boleto' },
        { charge_id: unknown, number: null, status: null, reason: 'not_found' },
      ],
    });
  });

  it.skipIf(!canRead || !canScan)(
    'prints the booklet: three slips per page, stub and ficha, barcodes that scan; skips and says which',
    async () => {
      const m = await mix();
      const ids = [m.open1.id, m.paid.id, m.cancelled.id, m.pix.id, m.open2.id, m.open3.id];
      const res = await ctx.call(t.live, 'POST', '/v1/boletos/carne', { charge_ids: ids, layout: 'booklet' });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      expect(res.headers['cobre-skipped-count']).toBe('3');
      expect(res.headers['cobre-skipped']).toBe([m.paid.number, m.cancelled.number, m.pix.number].join(','));
      expect(pageCount(res.rawPayload)).toBe(1);
      const boletos = [];
      for (const ch of [m.open1, m.open2, m.open3]) boletos.push((await ctx.call(t.live, 'GET', `/v1/charges/${ch.id}/boleto`)).json());
      // All three barcodes of the page scan back to the stored 44 digits.
      expect(scan(res.rawPayload).sort()).toEqual(boletos.map((b) => b.barcode).sort());
      const [text] = pages(res.rawPayload);
      for (const b of boletos) {
        expect(text).toContain(b.nosso_numero);
        expect(text).toContain(b.linha_digitavel_formatted);
      }
      for (const parcel of ['1/3', '2/3', '3/3']) expect(text).toContain(parcel);
      expect(text).toContain('R$ 100,00'); // the open rest of the partially paid charge

      // Four charges: two pages (three slips, then one).
      const c = await customer();
      const four = [];
      for (let i = 0; i < 4; i++) four.push((await charge(c.id, { amount_cents: 1000 + i })).id);
      const two = await ctx.call(t.live, 'POST', '/v1/boletos/carne', { charge_ids: four, layout: 'booklet' });
      expect(two.headers['cobre-skipped-count']).toBe('0');
      expect(pageCount(two.rawPayload)).toBe(2);
      // The default layout is still one boleto per page.
      expect(pageCount((await ctx.call(t.live, 'POST', '/v1/boletos/carne', { charge_ids: four })).rawPayload)).toBe(4);
    },
  );

  it('is 409 nothing_to_print when every charge is skipped', async () => {
    const m = await mix();
    const res = await ctx.call(t.live, 'POST', '/v1/boletos/carne', { charge_ids: [m.paid.id, m.cancelled.id] });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('nothing_to_print');
    expect(res.json().error.details).toEqual([
      { field: 'charge_ids[0]', issue: 'paid' },
      { field: 'charge_ids[1]', issue: 'cancelled' },
    ]);
    expect(res.json().error.skipped.map((s: { reason: string }) => s.reason)).toEqual(['paid', 'cancelled']);
    const viaGet = await ctx.call(t.live, 'GET', `/v1/boletos/carne.pdf?charge_ids=${m.paid.id}`);
    expect(viaGet.statusCode).toBe(409);
    expect((await ctx.call(t.live, 'POST', '/v1/boletos/carne', { charge_ids: [m.open1.id], layout: 'leaflet' })).statusCode).toBe(400);
  });
});

describe('2ª via with the updated amount', () => {
  it('plans the amount due on the new date: the same numbers as amount-due; refuses a date before today', async () => {
    const c = await customer();
    const overdue = await charge(c.id, { amount_cents: 100000, issue_date: d('2026-10-01'), due_date: d('2026-11-10'), late_policy: LATE });
    const paid = await charge(c.id, { amount_cents: 500 });
    await pay(paid.id, 500);
    const due = d('2026-11-30');
    const res = await ctx.call(t.live, 'POST', '/v1/boletos/second-copy/plan', { charge_ids: [overdue.id, paid.id], due_date: due });
    expect(res.statusCode, res.body).toBe(200);
    const expected = (await ctx.call(t.live, 'GET', `/v1/charges/${overdue.id}/amount-due?date=${due}`)).json();
    // 20 days late: fine 2 % (R$ 20,00) + interest 1 % a month pro rata (R$ 6,67).
    expect(expected.total_cents).toBe(100000 + 2000 + 667);
    expect(res.json()).toEqual({
      included: [
        { charge_id: overdue.id, number: overdue.number, original_cents: 100000, amount_cents: expected.total_cents, due_date: due },
      ],
      skipped: [{ charge_id: paid.id, number: paid.number, status: 'paid', reason: 'paid' }],
    });
    const early = await ctx.call(t.live, 'POST', '/v1/boletos/second-copy/plan', { charge_ids: [overdue.id], due_date: d('2026-11-22') });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.details[0].field).toBe('due_date');
    expect(
      (await ctx.call(t.live, 'POST', '/v1/boletos/second-copy', { charge_ids: [overdue.id], due_date: d('2026-11-22') })).statusCode,
    ).toBe(400);
    const none = await ctx.call(t.live, 'POST', '/v1/boletos/second-copy', { charge_ids: [paid.id], due_date: due });
    expect(none.statusCode).toBe(409);
    expect(none.json().error.code).toBe('nothing_to_print');
  });

  it.skipIf(!canRead || !canScan)(
    'prints the boleto with the updated amount, the new due date and a recomputed barcode under the same nosso número',
    async () => {
      const c = await customer();
      const overdue = await charge(c.id, {
        amount_cents: 100000,
        issue_date: d('2026-10-01'),
        due_date: d('2026-11-10'),
        late_policy: LATE,
      });
      const cancelled = await charge(c.id);
      await ctx.call(t.live, 'POST', `/v1/charges/${cancelled.id}/cancel`, { reason: 'erro' });
      const original = (await ctx.call(t.live, 'GET', `/v1/charges/${overdue.id}/boleto`)).json();
      const due = d('2026-11-30');
      const res = await ctx.call(t.live, 'POST', '/v1/boletos/second-copy', { charge_ids: [overdue.id, cancelled.id], due_date: due });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      expect(res.headers['cobre-skipped-count']).toBe('1');
      expect(res.headers['cobre-skipped']).toBe(String(cancelled.number));
      const [code] = scan(res.rawPayload);
      const parsed = parseBoleto(code, { today: d('2026-11-23') });
      expect(parsed).toMatchObject({ amountCents: 102667, dueDate: due, bankCode: '341' });
      expect(code).not.toBe(original.barcode);
      // The free field (nosso número, agency, account) is the same título's.
      expect(parsed.freeField).toBe(parseBoleto(original.barcode, { today: d('2026-11-23') }).freeField);
      const [text] = pages(res.rawPayload);
      expect(text).toContain(`2ª via - valor atualizado para ${br('30/11/2026')}`);
      expect(text).toContain('R$ 1.026,67');
      expect(text).toContain(original.nosso_numero);
      expect(text).toContain('multa R$ 20,00; juros R$ 6,67');
      // A document only: the stored boleto keeps its amount, due date and barcode.
      const after = (await ctx.call(t.live, 'GET', `/v1/charges/${overdue.id}/boleto`)).json();
      expect(after).toMatchObject({ id: original.id, barcode: original.barcode, amount_cents: 100000, due_date: d('2026-11-10') });

      const booklet = await ctx.call(t.live, 'POST', '/v1/boletos/second-copy', {
        charge_ids: [overdue.id],
        due_date: due,
        layout: 'booklet',
      });
      expect(booklet.statusCode).toBe(200);
      expect(scan(booklet.rawPayload)).toEqual([code]);
    },
  );
});
