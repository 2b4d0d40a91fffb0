import { EffectiveRules } from '../components/EffectiveRules.tsx';
import { useState, type FormEvent } from 'react';
import { ApiError, get, patch, post, type ErrorDetail } from '../api.ts';
import { localizeError } from '../errors.ts';
import {
  ACTION_LABEL,
  brl,
  dateBR,
  dateTimeBR,
  decimalBR,
  METHOD_LABEL,
  parseDateBR,
  PERIOD_LABEL,
  STATUS_LABEL,
  todayBR,
} from '../format.ts';
import { Link } from '../router.tsx';
import { DateInput, ErrorBox, Field, LoadError, Modal, StatusBadge, notify, toApiError, useAsync } from '../ui.tsx';
import {
  AccountSelect,
  accountText,
  checkItemEnd,
  draftFromItem,
  emptyDraft,
  isUsageModel,
  ItemInputs,
  itemLabels,
  itemToApi,
  priceText,
  type Contract,
  type ContractItem,
  type ItemDraft,
  type Service,
} from './Customer.tsx';
import './forms.css';
import { ContractRecurrence } from '../components/ContractRecurrence.tsx';

type Action = 'suspend' | 'resume' | 'cancel' | 'activate' | 'deactivate';
const BUTTONS: { action: Action; label: string; danger?: boolean }[] = [
  { action: 'activate', label: 'Ativar contrato' },
  { action: 'deactivate', label: 'Desativar contrato' },
  { action: 'suspend', label: 'Suspender contrato' },
  { action: 'resume', label: 'Retomar contrato' },
  { action: 'cancel', label: 'Cancelar contrato', danger: true },
];

export function ContractPage({ customerId, contractId }: { customerId: string; contractId: string }) {
  const contract = useAsync(() => get(`/v1/contracts/${contractId}`), [contractId]);
  const history = useAsync(() => get(`/v1/contracts/${contractId}/history`), [contractId]);
  const services = useAsync(() => get('/v1/services', { page_size: 100 }), []);
  const [action, setAction] = useState<Action | null>(null);
  const [editing, setEditing] = useState(false);
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
        <dt>Conta de cobrança</dt>
        <dd data-fact="collection_account">
          {k.collection_account
            ? `${accountText(k.collection_account)}${k.collection_account.active ? '' : ' (inativa: os boletos deste contrato ficam bloqueados)'}`
            : 'Conta padrão da empresa'}
        </dd>
        <dt>Periodicidade</dt>
        <dd>{k.billing_period ? (PERIOD_LABEL[k.billing_period] ?? k.billing_period) : '—'}</dd>
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
      <div className="page-head">
        <h2>Serviços contratados</h2>
        <div className="spacer" />
        {k.status !== 'cancelled' && (
          <button type="button" onClick={() => setEditing(true)}>
            Alterar itens e término
          </button>
        )}
      </div>
      <table className="grid">
        <thead>
          <tr>
            <th>Serviço</th>
            <th>Quantidade</th>
            <th>Preço</th>
            <th>Vigência do item</th>
          </tr>
        </thead>
        <tbody>
          {k.items.map((i) => (
            <tr key={i.id} data-item={i.service.code}>
              <td>
                {i.service.name} <small className="muted">({i.service.code})</small>
                {i.description && <div className="muted">{i.description}</div>}
              </td>
              <td>{isUsageModel(i.service.pricing_model) ? 'conforme consumo' : `${decimalBR(i.quantity)} ${i.service.unit}`}</td>
              <td>
                {priceText({ ...i.service, ...servicePrice(services.data?.data, i) }, i.price_override_cents)}
                {i.price_override_cents && <div className="muted">preço próprio deste contrato</div>}
              </td>
              <td>{itemValidity(i)}</td>
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
      <EffectiveRules target={{ type: 'contract', id: k.id }} />
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
                {t.from_status ? (STATUS_LABEL[t.from_status] ?? t.from_status) : '—'} → {STATUS_LABEL[t.to_status] ?? t.to_status}
              </td>
              <td>{dateBR(t.effective_date)}</td>
              <td>{t.reason ?? ''}</td>
              <td>{t.actor.type === 'user' ? 'usuário' : t.actor.type === 'api_key' ? 'chave de API' : 'sistema'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing && (
        <EditItemsModal
          contract={k}
          services={services.data?.data ?? []}
          onClose={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            reload();
          }}
        />
      )}
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

/** The service's own price and period (the contract item carries neither). */
function servicePrice(list: Service[] | undefined, i: ContractItem): { price_cents: string | null; billing_period?: string } {
  const s = list?.find((x) => x.id === i.service_id);
  return { price_cents: s?.price_cents ?? null, billing_period: s?.billing_period ?? i.service.billing_period };
}

/** The next calendar day of an ISO date. */
function nextDay(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/**
 * The items the clerk edits: all but the earlier versions of a changed item (an item that ends the
 * day before another item of its service starts); items with their own end date stay editable.
 */
export function editableItems(items: ContractItem[]): ContractItem[] {
  return items.filter(
    (i) => !(i.ends_on && items.some((j) => j !== i && j.service_id === i.service_id && j.starts_on === nextDay(i.ends_on!))),
  );
}

function itemValidity(i: ContractItem): string {
  if (i.starts_on && i.ends_on) return `de ${dateBR(i.starts_on)} a ${dateBR(i.ends_on)}`;
  if (i.starts_on) return `a partir de ${dateBR(i.starts_on)}`;
  if (i.ends_on) return `até ${dateBR(i.ends_on)}`;
  return 'todo o contrato';
}

/**
 * "Alterar itens e término": each item's quantity, own price, description and own end date,
 * removing an item, adding services, the contract's end date and its collection account. The API replaces the items as a whole (PATCH
 * items); on a running contract the change applies from the next billing period, so a removed
 * item ends the day before (its "Vigência" shows that).
 */
function EditItemsModal({
  contract,
  services,
  onClose,
  onDone,
}: {
  contract: Contract;
  services: Service[];
  onClose: () => void;
  onDone: () => void;
}) {
  const running = contract.status !== 'pending';
  const [rows, setRows] = useState<
    {
      id?: string;
      service_id: string;
      service: { name: string; unit: string; pricing_model: string; code: string };
      draft: ItemDraft;
      item?: ContractItem;
    }[]
  >(
    editableItems(contract.items).map((i) => ({
      id: i.id,
      service_id: i.service_id,
      service: i.service,
      draft: draftFromItem(i),
      item: i,
    })),
  );
  const accounts = useAsync(() => get('/v1/collection-accounts'), []);
  const [account, setAccount] = useState(contract.collection_account_id ?? '');
  const [end, setEnd] = useState(contract.end_date ? dateBR(contract.end_date) : '');
  const [adding, setAdding] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const labels: Record<string, string> = { end_date: 'Término', collection_account_id: 'Conta de cobrança' };
  for (const [i, r] of rows.entries()) Object.assign(labels, itemLabels(i, r.service.name));
  const shown = ['end_date', 'collection_account_id', ...rows.map((_, i) => `items[${i}]`)];
  // Where an item's end may fall (the API's rule): from its first day, on a running contract from the
  // current period's first day (earlier periods are billed); a new item on a running contract starts next period.
  const period = running ? contract.current_period : null;
  const endFloor = (item: ContractItem | undefined): { date: string; what: string } => {
    if (!item)
      return period
        ? { date: nextDay(period.end), what: 'o próximo período, quando o item novo começa' }
        : { date: contract.start_date, what: 'o início do contrato' };
    const own = item.starts_on ?? contract.start_date;
    return period && period.start > own
      ? { date: period.start, what: 'o início do período atual; os anteriores já foram faturados' }
      : { date: own, what: item.starts_on ? 'o início do item' : 'o início do contrato' };
  };
  const available = services.filter((s) => s.active && !rows.some((r) => r.service_id === s.id));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const bad: ErrorDetail[] = [];
    const endIso = end.trim() ? parseDateBR(end) : null;
    if (end.trim() && !endIso)
      bad.push({ field: 'end_date', issue: 'Data inválida: use dd/mm/aaaa (ou deixe em branco para prazo indeterminado).' });
    else if (endIso && endIso < contract.start_date)
      bad.push({ field: 'end_date', issue: `O término não pode ser antes do início (${dateBR(contract.start_date)}).` });
    if (rows.length === 0)
      bad.push({ field: 'items', issue: 'O contrato precisa de pelo menos um serviço; para encerrá-lo, use "Cancelar contrato".' });
    const items = rows.map((r, i) => ({
      ...(r.id ? { id: r.id } : {}),
      service_id: r.service_id,
      ...itemToApi(i, r.service.pricing_model, r.draft, bad),
    }));
    for (const [i, it] of items.entries()) {
      if (it.ends_on !== (rows[i].item?.ends_on ?? null)) checkItemEnd(i, it.ends_on, endFloor(rows[i].item), endIso, bad);
    }
    if (bad.length) return setError(localizeError(new ApiError(400, 'validation_failed', '', bad, null), { labels, shown }));
    setBusy(true);
    try {
      const accountChange =
        (account || null) !== (contract.collection_account_id ?? null) ? { collection_account_id: account || null } : {};
      await patch(`/v1/contracts/${contract.id}`, { items, end_date: endIso, ...accountChange });
      notify(running ? 'Contrato alterado. A mudança nos itens vale a partir do próximo período de faturamento.' : 'Contrato alterado.');
      onDone();
    } catch (err) {
      setError(localizeError(toApiError(err), { labels, shown }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={`Alterar itens e término — contrato nº ${contract.number}`} onClose={onClose} wide>
      <form onSubmit={submit} noValidate className="forms-items-edit">
        <ErrorBox error={error} fields={shown} />
        {running && (
          <p className="muted">
            O contrato está em andamento: a mudança nos itens vale a partir do próximo período de faturamento; o período atual fica como
            está.
          </p>
        )}
        {rows.map((r, i) => (
          <div key={r.id ?? r.service_id} className="forms-item-block" data-item={r.service.code}>
            <div className="forms-item-head">
              <strong>{r.service.name}</strong> <small className="muted">({r.service.code})</small>
              <span className="spacer" />
              <button type="button" className="link danger" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                Remover {r.service.name}
              </button>
            </div>
            <ItemInputs
              index={i}
              service={r.service}
              draft={r.draft}
              error={error}
              onChange={(d) => setRows(rows.map((x, j) => (j === i ? { ...x, draft: d } : x)))}
            />
          </div>
        ))}
        <div className="form-grid">
          <Field label="Incluir serviço" name="add_service">
            <select name="add_service" value={adding} onChange={(e) => setAdding(e.target.value)}>
              <option value="">Escolha um serviço…</option>
              {available.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.code}) — {priceText(s)}
                </option>
              ))}
            </select>
          </Field>
          <div className="form-actions">
            <button
              type="button"
              disabled={!adding}
              onClick={() => {
                const s = services.find((x) => x.id === adding);
                if (s) setRows([...rows, { service_id: s.id, service: s, draft: emptyDraft() }]);
                setAdding('');
              }}
            >
              Incluir
            </button>
          </div>
          <Field label="Término do contrato" name="end_date" error={error} hint="Último dia de serviço; em branco = prazo indeterminado">
            <DateInput name="end_date" value={end} onChange={setEnd} />
          </Field>
          <AccountSelect
            accounts={accounts.data?.data}
            value={account}
            onChange={setAccount}
            error={error}
            current={contract.collection_account}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Salvando…' : 'Salvar alterações'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function ActionModal({
  contract,
  action,
  onClose,
  onDone,
}: {
  contract: Contract;
  action: Action;
  onClose: () => void;
  onDone: () => void;
}) {
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
      setError(
        localizeError(toApiError(err), {
          shown: ['start_date', 'end_date', 'date', 'reason', 'effective'],
          labels: {
            start_date: action === 'suspend' ? 'Primeiro dia suspenso' : 'Início',
            end_date: 'Último dia suspenso',
            date: 'Retomar a partir de',
          },
        }),
      );
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
