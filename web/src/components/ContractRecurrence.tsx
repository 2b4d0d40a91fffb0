// A contract's Pix Automático: the recurrence's state (authorization, pause), the code the payer
// authorizes with, the debits (cobr) sent for its charges; "Ativar Pix Automático" and "Cancelar".
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, get, post } from '../api.ts';
import { brl, dateBR, dateTimeBR, parseDateBR, parseMoneyBR } from '../format.ts';
import { DateInput, EmptyRow, Field, LoadError, Modal, notify, StatusBadge, useAsync } from '../ui.tsx';
import { FormErrors, pixError } from '../pages/pix/errors.tsx';
import {
  JOURNEY_LABEL,
  LIVE_RECURRENCE,
  PERIODICITY_LABEL,
  PIX_CHARGE_STATUS_LABEL,
  RECURRENCE_STATUS_LABEL,
  RETRY_POLICY_LABEL,
} from '../pages/pix/labels.ts';
import { CopyCode } from '../pages/pix/shared.tsx';
import type { PixChargeView } from './ChargePix.tsx';
import '../pages/pix/pix.css';

interface Recurrence {
  id: string;
  contract_id: string;
  connection_id: string;
  journey: string;
  status: string;
  paused: boolean;
  id_rec: string | null;
  psp_status: string | null;
  periodicity: string;
  start_date: string;
  end_date: string | null;
  fixed_amount_cents: number | null;
  min_amount_cents: number | null;
  retry_policy: string;
  /** Untyped in the document (src/psp/schemas.ts); the console does not show it. */
  payer: unknown;
  object: string;
  location: string | null;
  pix_copia_e_cola: string | null;
  status_reason: string | null;
  approved_at: string | null;
  cancelled_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  charges: PixChargeView[];
}

const POLL_MS = 3000;

export function ContractRecurrence({ contractId, contractActive = true }: { contractId: string; contractActive?: boolean }) {
  const list = useAsync(() => get(`/v1/contracts/${contractId}/pix-recurrences`), [contractId]);
  const [creating, setCreating] = useState(false);
  const [cancelling, setCancelling] = useState<Recurrence | null>(null);
  const current = list.data?.[0] ?? null;
  const live = current && LIVE_RECURRENCE.includes(current.status) ? current : null;

  // Created: the PSP answers through the outbox in a moment; read again until it did.
  useEffect(() => {
    if (current?.status !== 'creating') return;
    const t = window.setTimeout(list.reload, POLL_MS);
    return () => window.clearTimeout(t);
  }, [current, list.reload]);

  return (
    <section aria-labelledby="pix-automatico-title" data-recurrence={current?.status ?? 'none'}>
      <div className="pix-section-head">
        <h2 id="pix-automatico-title">Pix Automático</h2>
        <button type="button" className="link" onClick={list.reload}>
          Atualizar
        </button>
        <div className="spacer" />
        {list.data && !live && contractActive && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            Ativar Pix Automático
          </button>
        )}
        {live && (
          <button type="button" className="danger" onClick={() => setCancelling(live)}>
            Cancelar Pix Automático
          </button>
        )}
      </div>
      {list.error && <LoadError error={list.error} what="Pix Automático" />}
      {list.data && !current && <p className="muted">O pagador ainda não autorizou débitos por Pix Automático neste contrato.</p>}
      {current && <RecurrenceBox r={current} />}
      {list.data && list.data.length > 1 && (
        <details>
          <summary>Autorizações anteriores ({list.data.length - 1})</summary>
          <table className="grid compact">
            <thead>
              <tr>
                <th>Criada em</th>
                <th>Jornada</th>
                <th>Situação</th>
                <th>Motivo</th>
              </tr>
            </thead>
            <tbody>
              {list.data.slice(1).map((r) => (
                <tr key={r.id}>
                  <td>{dateTimeBR(r.created_at)}</td>
                  <td>{JOURNEY_LABEL[r.journey] ?? r.journey}</td>
                  <td>
                    <StatusBadge status={r.status} labels={RECURRENCE_STATUS_LABEL} />
                  </td>
                  <td>{r.status_reason ?? r.last_error ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      {creating && (
        <CreateModal
          contractId={contractId}
          onClose={() => setCreating(false)}
          onDone={() => {
            setCreating(false);
            list.reload();
          }}
        />
      )}
      {cancelling && (
        <CancelModal
          recurrence={cancelling}
          onClose={() => setCancelling(null)}
          onDone={() => {
            setCancelling(null);
            list.reload();
          }}
        />
      )}
    </section>
  );
}

function RecurrenceBox({ r }: { r: Recurrence }) {
  return (
    <div className="panel">
      <dl className="facts">
        <dt>Situação</dt>
        <dd>
          <StatusBadge status={r.status} labels={RECURRENCE_STATUS_LABEL} />
          {r.paused && (
            <span className="badge status-paused" style={{ marginLeft: 8 }}>
              Pausada (contrato suspenso: nenhum débito é enviado)
            </span>
          )}
          {r.psp_status && <small className="muted"> no PSP: {r.psp_status}</small>}
        </dd>
        <dt>Jornada</dt>
        <dd>{JOURNEY_LABEL[r.journey] ?? r.journey}</dd>
        <dt>Valor</dt>
        <dd>
          {r.fixed_amount_cents
            ? `Fixo: ${brl(r.fixed_amount_cents)}`
            : `Variável (o valor de cada cobrança)${r.min_amount_cents ? `, mínimo ${brl(r.min_amount_cents)}` : ''}`}
        </dd>
        <dt>Periodicidade</dt>
        <dd>{PERIODICITY_LABEL[r.periodicity] ?? r.periodicity}</dd>
        <dt>Vigência</dt>
        <dd>
          de {dateBR(r.start_date)} {r.end_date ? `a ${dateBR(r.end_date)}` : 'sem data final'}
        </dd>
        <dt>Retentativas</dt>
        <dd>{RETRY_POLICY_LABEL[r.retry_policy] ?? r.retry_policy}</dd>
        {r.id_rec && (
          <>
            <dt>Identificador no PSP</dt>
            <dd>
              <code>{r.id_rec}</code>
            </dd>
          </>
        )}
        {r.approved_at && (
          <>
            <dt>Autorizada em</dt>
            <dd>{dateTimeBR(r.approved_at)}</dd>
          </>
        )}
        {r.cancelled_at && (
          <>
            <dt>Cancelada em</dt>
            <dd>{dateTimeBR(r.cancelled_at)}</dd>
          </>
        )}
        {r.status_reason && (
          <>
            <dt>Motivo</dt>
            <dd>{r.status_reason}</dd>
          </>
        )}
        {r.last_error && (
          <>
            <dt>Último erro</dt>
            <dd className="result-problem">{r.last_error}</dd>
          </>
        )}
      </dl>
      {r.status === 'awaiting_approval' && r.pix_copia_e_cola && (
        <>
          <strong>Código para o pagador autorizar</strong>
          <p className="muted">
            Envie ao pagador: ele lê ou cola este código Pix no aplicativo do banco para autorizar os débitos. A página do pagador de cada
            cobrança deste contrato também mostra este QR Code.
          </p>
          <img
            className="recurrence-qr"
            src={`/v1/pix-recurrences/${r.id}/qr.png`}
            alt="QR Code para o pagador autorizar o Pix Automático"
            width={200}
            height={200}
          />
          <CopyCode code={r.pix_copia_e_cola} label="Código Pix de autorização" />
        </>
      )}
      {r.status === 'awaiting_approval' && r.journey === 'push' && (
        <p className="muted">A solicitação foi enviada ao banco do pagador; ele autoriza no aplicativo do banco.</p>
      )}
      <h3>Débitos (cobranças do Pix Automático)</h3>
      <table className="grid compact recurrence-charges">
        <thead>
          <tr>
            <th>txid</th>
            <th className="num">Valor</th>
            <th>Vencimento</th>
            <th>Situação</th>
            <th className="num">Retentativas</th>
            <th>Último erro</th>
          </tr>
        </thead>
        <tbody>
          {r.charges.length === 0 && <EmptyRow colSpan={6}>Nenhum débito enviado ainda.</EmptyRow>}
          {r.charges.map((c) => (
            <tr key={c.txid}>
              <td>
                <code>{c.txid}</code>
              </td>
              <td className="num">{brl(c.amount_cents)}</td>
              <td>{dateBR(c.due_date)}</td>
              <td>
                <StatusBadge status={c.status} labels={PIX_CHARGE_STATUS_LABEL} />
                {c.psp_status && <small className="muted"> {c.psp_status}</small>}
              </td>
              <td className="num">{c.retries.length}</td>
              <td>{c.last_error ?? c.status_reason ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const CREATE_LABELS: Record<string, string> = {
  connection_id: 'Conexão PSP',
  journey: 'Jornada',
  first_charge_id: 'Primeira cobrança (paga junto com a autorização)',
  'payer_bank.ispb': 'ISPB do banco do pagador',
  'payer_bank.agency': 'Agência do pagador',
  'payer_bank.account': 'Conta do pagador',
  payer_bank: 'Banco do pagador',
  fixed_amount_cents: 'Valor fixo',
  min_amount_cents: 'Valor mínimo (opcional)',
  retry_policy: 'Política de retentativa',
  end_date: 'Data final (opcional)',
  'customer.document': 'CPF/CNPJ do cliente',
};

function CreateModal({ contractId, onClose, onDone }: { contractId: string; onClose: () => void; onDone: () => void }) {
  const connections = useAsync(() => get('/v1/psp-connections'), []);
  const charges = useAsync(() => get('/v1/charges', { contract_id: contractId, page_size: 50 }), [contractId]);
  const [f, setF] = useState({
    connection_id: '',
    journey: 'qr',
    first_charge_id: '',
    ispb: '',
    agency: '',
    account: '',
    amount: 'variable',
    fixed: '',
    min: '',
    retry_policy: 'PERMITE_3R_7D',
    end_date: '',
  });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const openCharges = (charges.data?.data ?? []).filter(
    (c) => ['open', 'overdue', 'partially_paid'].includes(c.status) && c.balance_cents > 0,
  );
  const active = (connections.data ?? []).filter((c) => c.active);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const bad: { field: string; issue: string }[] = [];
    const body: Record<string, unknown> = { journey: f.journey, retry_policy: f.retry_policy };
    if (f.connection_id) body.connection_id = f.connection_id;
    if (f.amount === 'fixed') {
      const cents = parseMoneyBR(f.fixed);
      if (cents === null || cents <= 0) bad.push({ field: 'fixed_amount_cents', issue: 'informe um valor em reais, como 99,90' });
      else body.fixed_amount_cents = cents;
    } else if (f.min.trim()) {
      const cents = parseMoneyBR(f.min);
      if (cents === null || cents <= 0) bad.push({ field: 'min_amount_cents', issue: 'informe um valor em reais, como 10,00' });
      else body.min_amount_cents = cents;
    }
    if (f.end_date.trim()) {
      const iso = parseDateBR(f.end_date);
      if (!iso) bad.push({ field: 'end_date', issue: 'deve ser uma data válida no formato dd/mm/aaaa' });
      else body.end_date = iso;
    }
    if (f.journey === 'qr_with_payment') {
      if (!f.first_charge_id) bad.push({ field: 'first_charge_id', issue: 'escolha a cobrança paga junto com a autorização' });
      else body.first_charge_id = f.first_charge_id;
    }
    if (f.journey === 'push')
      body.payer_bank = { ispb: f.ispb.trim(), ...(f.agency.trim() ? { agency: f.agency.trim() } : {}), account: f.account.trim() };
    if (bad.length) return setError(new ApiError(400, 'validation_failed', '', bad, null));
    setBusy(true);
    try {
      await post(`/v1/contracts/${contractId}/pix-recurrence`, body);
      notify('Pix Automático pedido ao PSP: o código para o pagador autorizar aparece aqui em instantes.');
      onDone();
    } catch (err) {
      setError(pixError(err));
    } finally {
      setBusy(false);
    }
  };

  const field = (name: string, input: ReactNode, hint?: string) => (
    <Field label={CREATE_LABELS[name]} name={name} error={error} hint={hint}>
      {input}
    </Field>
  );
  return (
    <Modal title="Ativar Pix Automático" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <FormErrors error={error} labels={CREATE_LABELS} />
        {connections.error && <LoadError error={connections.error} what="Conexões PSP" />}
        {connections.data && active.length === 0 && (
          <p className="warning">Nenhuma conexão PSP ativa: cadastre uma em Configurações → Pix (PSP).</p>
        )}
        {field(
          'connection_id',
          <select name="connection_id" value={f.connection_id} onChange={set('connection_id')}>
            <option value="">A conexão padrão</option>
            {active.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>,
        )}
        {field(
          'journey',
          <select name="journey" value={f.journey} onChange={set('journey')}>
            {Object.entries(JOURNEY_LABEL).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>,
          f.journey === 'qr'
            ? 'O pagador lê um QR code e autoriza os débitos'
            : f.journey === 'qr_with_payment'
              ? 'O mesmo QR code autoriza e paga a primeira cobrança'
              : 'O pedido de autorização vai direto ao banco do pagador',
        )}
        {f.journey === 'qr_with_payment' &&
          field(
            'first_charge_id',
            <select name="first_charge_id" value={f.first_charge_id} onChange={set('first_charge_id')}>
              <option value="">Escolha…</option>
              {openCharges.map((c) => (
                <option key={c.id} value={c.id}>
                  Nº {c.number} — vence {dateBR(c.due_date)} — {brl(c.balance_cents)}
                </option>
              ))}
            </select>,
            openCharges.length === 0 ? 'Este contrato não tem cobrança em aberto' : undefined,
          )}
        {f.journey === 'push' && (
          <div className="form-grid">
            {field(
              'payer_bank.ispb',
              <input name="payer_bank.ispb" inputMode="numeric" maxLength={8} value={f.ispb} onChange={set('ispb')} />,
              '8 dígitos',
            )}
            {field(
              'payer_bank.agency',
              <input name="payer_bank.agency" inputMode="numeric" maxLength={4} value={f.agency} onChange={set('agency')} />,
            )}
            {field(
              'payer_bank.account',
              <input name="payer_bank.account" inputMode="numeric" value={f.account} onChange={set('account')} />,
            )}
          </div>
        )}
        <fieldset>
          <legend>Valor dos débitos</legend>
          <div className="radio-row">
            <label>
              <input type="radio" name="amount" value="variable" checked={f.amount === 'variable'} onChange={set('amount')} /> Variável (o
              valor de cada cobrança)
            </label>
            <label>
              <input type="radio" name="amount" value="fixed" checked={f.amount === 'fixed'} onChange={set('amount')} /> Fixo
            </label>
          </div>
          {f.amount === 'fixed'
            ? field(
                'fixed_amount_cents',
                <input name="fixed_amount_cents" inputMode="decimal" value={f.fixed} onChange={set('fixed')} />,
                'Em reais',
              )
            : field(
                'min_amount_cents',
                <input name="min_amount_cents" inputMode="decimal" value={f.min} onChange={set('min')} />,
                'Piso para o limite máximo que o pagador definir',
              )}
        </fieldset>
        {field(
          'retry_policy',
          <select name="retry_policy" value={f.retry_policy} onChange={set('retry_policy')}>
            {Object.entries(RETRY_POLICY_LABEL).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>,
        )}
        {field(
          'end_date',
          <DateInput name="end_date" value={f.end_date} onChange={(v) => setF({ ...f, end_date: v })} />,
          'Vazio: a data final do contrato, se houver',
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Enviando…' : 'Ativar Pix Automático'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function CancelModal({ recurrence, onClose, onDone }: { recurrence: Recurrence; onClose: () => void; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const labels = { reason: 'Motivo' };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!reason.trim())
      return setError(new ApiError(400, 'validation_failed', '', [{ field: 'reason', issue: 'informe o motivo do cancelamento' }], null));
    setBusy(true);
    try {
      await post(`/v1/pix-recurrences/${recurrence.id}/cancel`, { reason: reason.trim() });
      notify('Pix Automático cancelado.');
      onDone();
    } catch (err) {
      setError(pixError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="Cancelar Pix Automático" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p className="warning">
          A autorização é cancelada no PSP, com os débitos ainda não liquidados. Para voltar a usar o Pix Automático, o pagador terá de
          autorizar de novo.
        </p>
        <FormErrors error={error} labels={labels} />
        <Field label={labels.reason} name="reason" error={error}>
          <input name="reason" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <div className="form-actions">
          <button type="submit" className="danger" disabled={busy}>
            {busy ? 'Enviando…' : 'Confirmar cancelamento'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
