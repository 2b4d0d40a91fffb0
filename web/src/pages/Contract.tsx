import { useState, type FormEvent } from 'react';
import { ApiError, get, post } from '../api.ts';
import { ACTION_LABEL, brl, centsStringToReais, dateBR, dateTimeBR, decimalBR, METHOD_LABEL, parseDateBR, PERIOD_LABEL, STATUS_LABEL, todayBR } from '../format.ts';
import { Link } from '../router.tsx';
import { DateInput, ErrorBox, Field, LoadError, Modal, StatusBadge, notify, toApiError, useAsync } from '../ui.tsx';
import type { Contract } from './Customer.tsx';
import { ContractRecurrence } from '../components/ContractRecurrence.tsx';

interface Transition {
  id: string;
  action: string;
  from_status: string | null;
  to_status: string;
  reason: string | null;
  effective_date: string | null;
  actor: { type: string; id: string | null };
  created_at: string;
}

type Action = 'suspend' | 'resume' | 'cancel' | 'activate' | 'deactivate';
const BUTTONS: { action: Action; label: string; danger?: boolean }[] = [
  { action: 'activate', label: 'Ativar contrato' },
  { action: 'deactivate', label: 'Desativar contrato' },
  { action: 'suspend', label: 'Suspender contrato' },
  { action: 'resume', label: 'Retomar contrato' },
  { action: 'cancel', label: 'Cancelar contrato', danger: true },
];

export function ContractPage({ customerId, contractId }: { customerId: string; contractId: string }) {
  const contract = useAsync(() => get<Contract>(`/v1/contracts/${contractId}`), [contractId]);
  const history = useAsync(() => get<{ data: Transition[] }>(`/v1/contracts/${contractId}/history`), [contractId]);
  const [action, setAction] = useState<Action | null>(null);
  if (contract.error) return <LoadError error={contract.error} what="Contrato" />;
  const k = contract.data;
  if (!k) return <p>Carregando…</p>;
  const reload = () => {
    contract.reload();
    history.reload();
  };
  return (
    <div>
      <p className="breadcrumb">
        <Link to={`/clientes/${customerId}?aba=contratos`}>← {k.customer.name}: contratos</Link>
      </p>
      <div className="page-head">
        <h1>Contrato nº {k.number}</h1>
        <StatusBadge status={k.status} labels={STATUS_LABEL} />
        <div className="spacer" />
        {BUTTONS.filter((b) => k.allowed_actions.includes(b.action)).map((b) => (
          <button key={b.action} type="button" className={b.danger ? 'danger' : ''} onClick={() => setAction(b.action)}>
            {b.label}
          </button>
        ))}
      </div>
      <dl className="facts wide">
        <dt>Início</dt>
        <dd>{dateBR(k.start_date)}</dd>
        <dt>Término</dt>
        <dd>{dateBR(k.end_date)}</dd>
        <dt>Dia de faturamento</dt>
        <dd>{k.billing_day}</dd>
        <dt>Dias para vencimento</dt>
        <dd>{k.due_days}</dd>
        <dt>Forma de pagamento</dt>
        <dd>{METHOD_LABEL[k.payment_method] ?? k.payment_method}</dd>
        <dt>Periodicidade</dt>
        <dd>{k.billing_period ? PERIOD_LABEL[k.billing_period] ?? k.billing_period : '—'}</dd>
        <dt>Período atual</dt>
        <dd>{k.current_period ? `${dateBR(k.current_period.start)} a ${dateBR(k.current_period.end)}` : '—'}</dd>
        {k.cancellation && (
          <>
            <dt>Cancelamento</dt>
            <dd>
              a partir de {dateBR(k.cancellation.effective_date)} — {k.cancellation.reason}
            </dd>
          </>
        )}
      </dl>
      <h2>Serviços contratados</h2>
      <table className="grid">
        <thead>
          <tr>
            <th>Serviço</th>
            <th>Quantidade</th>
            <th>Preço próprio</th>
          </tr>
        </thead>
        <tbody>
          {k.items.map((i) => (
            <tr key={i.id}>
              <td>
                {i.service.name} <small className="muted">({i.service.code})</small>
              </td>
              <td>
                {decimalBR(i.quantity)} {i.service.unit}
              </td>
              <td>{i.price_override_cents ? `R$ ${centsStringToReais(i.price_override_cents)}` : 'preço do serviço'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {k.suspensions.length > 0 && (
        <>
          <h2>Suspensões</h2>
          <table className="grid">
            <tbody>
              {k.suspensions.map((s) => (
                <tr key={s.id}>
                  <td>
                    {dateBR(s.start_date)} a {s.end_date ? dateBR(s.end_date) : 'sem data de fim'}
                  </td>
                  <td>{s.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <ContractRecurrence contractId={k.id} contractActive={k.status !== 'cancelled' && k.status !== 'inactive'} />
      <h2>Histórico</h2>
      {history.error && <LoadError error={history.error} what="Histórico do contrato" />}
      <table className="grid history">
        <thead>
          <tr>
            <th>Quando</th>
            <th>Ação</th>
            <th>De → para</th>
            <th>Vigência</th>
            <th>Motivo</th>
            <th>Quem</th>
          </tr>
        </thead>
        <tbody>
          {history.data?.data.map((t) => (
            <tr key={t.id}>
              <td>{dateTimeBR(t.created_at)}</td>
              <td>{ACTION_LABEL[t.action] ?? t.action}</td>
              <td>
                {t.from_status ? STATUS_LABEL[t.from_status] ?? t.from_status : '—'} → {STATUS_LABEL[t.to_status] ?? t.to_status}
              </td>
              <td>{dateBR(t.effective_date)}</td>
              <td>{t.reason ?? ''}</td>
              <td>{t.actor.type === 'user' ? 'usuário' : t.actor.type === 'api_key' ? 'chave de API' : 'sistema'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {action && (
        <ActionModal
          contract={k}
          action={action}
          onClose={() => setAction(null)}
          onDone={() => {
            setAction(null);
            reload();
          }}
        />
      )}
    </div>
  );
}

function ActionModal({ contract, action, onClose, onDone }: { contract: Contract; action: Action; onClose: () => void; onDone: () => void }) {
  const [start, setStart] = useState(todayBR());
  const [end, setEnd] = useState('');
  const [reason, setReason] = useState('');
  const [effective, setEffective] = useState<'immediately' | 'end_of_period'>('immediately');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const title = BUTTONS.find((b) => b.action === action)!.label;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    let body: Record<string, unknown> = { reason: reason.trim() || null };
    const bad: { field: string; issue: string }[] = [];
    if (action === 'suspend') {
      const s = parseDateBR(start);
      const en = end.trim() ? parseDateBR(end) : null;
      if (!s) bad.push({ field: 'start_date', issue: 'deve ser uma data válida no formato dd/mm/aaaa' });
      if (end.trim() && !en) bad.push({ field: 'end_date', issue: 'deve ser uma data válida no formato dd/mm/aaaa' });
      body = { ...body, start_date: s, end_date: en };
    } else if (action === 'resume') {
      const s = parseDateBR(start);
      if (!s) bad.push({ field: 'date', issue: 'deve ser uma data válida no formato dd/mm/aaaa' });
      body = { ...body, date: s };
    } else if (action === 'cancel') {
      if (!reason.trim()) bad.push({ field: 'reason', issue: 'informe o motivo do cancelamento' });
      body = { reason: reason.trim(), effective };
    }
    if (bad.length) return setError(new ApiError(400, 'validation_failed', 'Verifique os campos', bad, null));
    setBusy(true);
    try {
      await post(`/v1/contracts/${contract.id}/${action}`, body);
      notify(`${title}: feito.`);
      onDone();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={`${title} nº ${contract.number}`} onClose={onClose}>
      <form onSubmit={submit}>
        <ErrorBox error={error} fields={['start_date', 'end_date', 'date', 'reason', 'effective']} />
        {action === 'suspend' && (
          <>
            <Field label="Primeiro dia suspenso" name="start_date" error={error}>
              <DateInput name="start_date" value={start} onChange={setStart} />
            </Field>
            <Field label="Último dia suspenso (opcional)" name="end_date" error={error}>
              <DateInput name="end_date" value={end} onChange={setEnd} />
            </Field>
            <p className="muted">Dias suspensos não são faturados.</p>
          </>
        )}
        {action === 'resume' && (
          <Field label="Retomar a partir de" name="date" error={error}>
            <DateInput name="date" value={start} onChange={setStart} />
          </Field>
        )}
        {action === 'cancel' && (
          <>
            <p className="warning">O cancelamento é definitivo.</p>
            <Field label="Quando" name="effective" error={error}>
              <select name="effective" value={effective} onChange={(e) => setEffective(e.target.value as typeof effective)}>
                <option value="immediately">Imediatamente (hoje é o último dia de serviço)</option>
                <option value="end_of_period">No fim do período atual</option>
              </select>
            </Field>
          </>
        )}
        {action === 'deactivate' && <p className="muted">Dias inativos não são faturados.</p>}
        <Field label={action === 'cancel' ? 'Motivo (obrigatório)' : 'Motivo'} name="reason" error={error}>
          <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <div className="form-actions">
          <button type="submit" className={action === 'cancel' ? 'danger' : 'primary'} disabled={busy}>
            {busy ? 'Enviando…' : `Confirmar: ${title.toLowerCase()}`}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export { brl };
