import { EffectiveRules } from '../components/EffectiveRules.tsx';
import { useState, type FormEvent, type MouseEvent } from 'react';
import { ApiError, get, patch, post, type ApiBody, type ErrorDetail } from '../api.ts';
import { localizeError } from '../errors.ts';
import {
  brl,
  centsStringToReais,
  dateBR,
  decimalBR,
  METHOD_LABEL,
  parseDateBR,
  parseDecimalBR,
  PERIOD_LABEL,
  reaisToCentsString,
  STATUS_LABEL,
  todayBR,
} from '../format.ts';
import { checkEmail } from '../validation.ts';
import { Link, navigate, setQuery } from '../router.tsx';
import { DateInput, ErrorBox, Field, LoadError, Modal, Pager, StatusBadge, Tabs, notify, toApiError, useAsync, EmptyRow } from '../ui.tsx';
import type { Customer } from './Customers.tsx';
import type { components } from '../api-schema.generated.ts';
import {
  AddressFields,
  addressFromApi,
  addressIssues,
  addressToApi,
  emptyAddress,
  useLiveChecks,
  type AddressForm,
} from './CustomerForm.tsx';
import { ChargesTable } from './Receivables.tsx';
import { CustomerDunningPanel } from '../components/CustomerDunning.tsx';

export interface Contract {
  id: string;
  number: number;
  customer_id: string;
  customer: { number: number; name: string };
  status: string;
  allowed_actions: string[];
  start_date: string;
  end_date: string | null;
  billing_day: number;
  due_days: number;
  payment_method: string;
  /** null: the tenant's default account at issue time. */
  collection_account_id?: string | null;
  collection_account?: { number: number; label: string | null; bank_code: string; active: boolean } | null;
  billing_period: string | null;
  current_period: { start: string; end: string } | null;
  items: ContractItem[];
  suspensions: { id: string; start_date: string; end_date: string | null; reason: string | null }[];
  cancellation: { reason: string | null; effective_date: string } | null;
  description: string | null;
}

export interface ContractItem {
  id: string;
  service_id: string;
  service: { code: string; name: string; unit: string; pricing_model: string; billing_period?: string; active?: boolean };
  quantity: string;
  price_override_cents: string | null;
  description: string | null;
  starts_on: string | null;
  ends_on: string | null;
}

/** Cents (decimal string, maybe with fractions of a cent) as "R$ 0,754321" or "R$ 99,90". */
export function brlExact(cents: string | null | undefined): string {
  if (cents === null || cents === undefined || cents === '') return '—';
  return /\./.test(cents) ? `R$ ${centsStringToReais(cents)}` : brl(cents);
}

/** Whether a pricing model bills what was consumed (the item's quantity does not apply). */
export const isUsageModel = (model: string) => model !== 'flat';

/**
 * The price of a service (or of a contract item: `override` replaces the service's price) as a
 * clerk reads it: "R$ 99,90 por mês" for a flat price; "R$ 0,85 por kWh conforme consumo" for a
 * usage price (never "1 kWh": the quantity comes from the consumption).
 */
export function priceText(
  s: { pricing_model: string; unit: string; price_cents?: string | null; billing_period?: string },
  override?: string | null,
): string {
  const period = s.billing_period ? (PERIOD_LABEL[s.billing_period] ?? s.billing_period).toLowerCase() : 'período';
  if (override != null)
    return s.pricing_model === 'flat'
      ? `${brlExact(override)} por período (${period})`
      : `${brlExact(override)} por ${s.unit} conforme consumo`;
  if (s.pricing_model === 'flat') return `${brlExact(s.price_cents)} por período (${period})`;
  if (s.pricing_model === 'per_unit') return `${brlExact(s.price_cents)} por ${s.unit} conforme consumo`;
  return `${s.pricing_model === 'volume' ? 'faixa por volume' : 'faixas progressivas'}, por ${s.unit} conforme consumo`;
}

/** A service as the API answers it. */
export type Service = components['schemas']['Service'];

const TABS = [
  { id: 'dados', label: 'Dados' },
  { id: 'enderecos', label: 'Endereços' },
  { id: 'emails', label: 'E-mails' },
  { id: 'contratos', label: 'Contratos' },
  { id: 'cobrancas', label: 'Cobranças' },
  { id: 'regua', label: 'Régua e avisos' },
  { id: 'regras', label: 'Regras e multa' },
];

export function CustomerPage({ id, tab }: { id: string; tab: string }) {
  const customer = useAsync(() => get(`/v1/customers/${id}`), [id]);
  if (customer.error) return <LoadError error={customer.error} what="Cliente" />;
  const c = customer.data;
  if (!c) return <p>Carregando…</p>;
  return (
    <div>
      <div className="page-head">
        <h1>
          {c.name} <small className="muted">nº {c.number}</small>
        </h1>
        <StatusBadge status={c.active ? 'active' : 'inactive'} labels={{ active: 'Ativo', inactive: 'Desativado' }} />
        <div className="spacer" />
        <Link to={`/clientes/${c.id}/editar`} className="button">
          Editar
        </Link>
      </div>
      <Tabs tabs={TABS} current={tab} onChange={(t) => setQuery({ aba: t === 'dados' ? null : t })} />
      {tab === 'dados' && <DataTab c={c} />}
      {tab === 'enderecos' && <AddressesTab c={c} onSaved={customer.reload} />}
      {tab === 'emails' && <EmailsTab c={c} onSaved={customer.reload} />}
      {tab === 'contratos' && <ContractsTab c={c} />}
      {tab === 'cobrancas' && <CustomerChargesTab c={c} />}
      {tab === 'regua' && <CustomerDunningPanel customerId={c.id} />}
      {tab === 'regras' && <EffectiveRules target={{ type: 'customer', id: c.id }} />}
    </div>
  );
}

function DataTab({ c }: { c: Customer }) {
  return (
    <dl className="facts wide">
      <dt>Tipo</dt>
      <dd>{c.person_type === 'PF' ? 'Pessoa física' : 'Pessoa jurídica'}</dd>
      <dt>{c.person_type === 'PF' ? 'CPF' : 'CNPJ'}</dt>
      <dd>{c.document_formatted ?? '—'}</dd>
      {c.person_type === 'PJ' && (
        <>
          <dt>Nome fantasia</dt>
          <dd>{c.trading_name ?? '—'}</dd>
          <dt>Inscrição estadual</dt>
          <dd>{c.state_registration ?? '—'}</dd>
        </>
      )}
      {c.person_type === 'PF' && (
        <>
          <dt>Nascimento</dt>
          <dd>{dateBR(c.birth_date)}</dd>
        </>
      )}
      <dt>E-mail principal</dt>
      <dd>{c.primary_email ?? '—'}</dd>
      <dt>Telefones</dt>
      <dd>{c.phones.map((p) => p.formatted).join(', ') || '—'}</dd>
      <dt>Código externo</dt>
      <dd>{c.external_code ?? '—'}</dd>
      <dt>Observações</dt>
      <dd>{c.notes ?? '—'}</dd>
    </dl>
  );
}

function AddressesTab({ c, onSaved }: { c: Customer; onSaved: () => void }) {
  const [editing, setEditing] = useState<{ index: number | null; value: AddressForm } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const live = useLiveChecks();
  const save = async (list: AddressForm[], index: number | null) => {
    setError(null);
    if (index !== null) {
      const issues = addressIssues(list[index], `addresses[${index}]`);
      if (issues.length) {
        live.touchAll(issues.map((i) => i.field!));
        return setError(localizeError(new ApiError(400, 'validation_failed', '', issues, null), { shown: [`addresses[${index}]`] }));
      }
    }
    try {
      await patch(`/v1/customers/${c.id}`, { addresses: list.map(addressToApi) });
      notify('Endereços salvos.');
      setEditing(null);
      onSaved();
    } catch (err) {
      const e = localizeError(toApiError(err), { shown: index === null ? [] : [`addresses[${index}]`] });
      setError(e);
      if (index === null) notify(e.message, 'error');
    }
  };
  const current = c.addresses.map(addressFromApi);
  return (
    <div>
      <div className="toolbar">
        <button
          type="button"
          className="primary"
          onClick={() => {
            setError(null);
            setEditing({ index: null, value: emptyAddress() });
          }}
        >
          Incluir endereço
        </button>
      </div>
      <table className="grid">
        <thead>
          <tr>
            <th>Endereço</th>
            <th>CEP</th>
            <th>Cidade/UF</th>
            <th>Uso</th>
            <th>
              <span className="sr-only">Ações</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {c.addresses.length === 0 && <EmptyRow colSpan={5}>Nenhum endereço.</EmptyRow>}
          {c.addresses.map((a, i) => (
            <tr key={a.id}>
              <td>
                {[a.street, a.street_number, a.complement, a.district].filter(Boolean).join(', ')}{' '}
                {a.label && <small className="muted">({a.label})</small>}
              </td>
              <td>{a.postal_code_formatted ?? a.postal_code ?? '—'}</td>
              <td>{[a.city, a.state].filter(Boolean).join('/')}</td>
              <td>{[a.is_primary && 'Principal', a.for_billing && 'Cobrança'].filter(Boolean).join(', ') || '—'}</td>
              <td className="actions">
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    setError(null);
                    setEditing({ index: i, value: current[i] });
                  }}
                >
                  Editar
                </button>
                <button
                  type="button"
                  className="link"
                  onClick={() =>
                    window.confirm('Remover este endereço?') &&
                    save(
                      current.filter((_, j) => j !== i),
                      null,
                    )
                  }
                >
                  Remover
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing && (
        <Modal title={editing.index === null ? 'Incluir endereço' : 'Editar endereço'} onClose={() => setEditing(null)} wide>
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              const list = [...current];
              if (editing.index === null) list.push(editing.value);
              else list[editing.index] = editing.value;
              save(list, editing.index ?? list.length - 1);
            }}
          >
            <ErrorBox error={error} fields={[`addresses[${editing.index ?? current.length}]`]} />
            <AddressFields
              value={editing.value}
              onChange={(v) => setEditing({ ...editing, value: v })}
              error={error}
              prefix={`addresses[${editing.index ?? current.length}]`}
              checks={live}
            />
            <div className="form-actions">
              <button type="submit" className="primary">
                Salvar endereço
              </button>
            </div>
          </form>
        </Modal>
      )}
    </div>
  );
}

function EmailsTab({ c, onSaved }: { c: Customer; onSaved: () => void }) {
  const [email, setEmail] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [blurred, setBlurred] = useState(false);
  const current = c.emails.map((m) => ({ id: m.id, email: m.email, label: m.label, is_primary: m.is_primary }));
  const newField = `emails[${current.length}]`;
  const save = async (list: typeof current) => {
    setError(null);
    try {
      await patch(`/v1/customers/${c.id}`, { emails: list });
      setEmail('');
      setBlurred(false);
      notify('E-mails salvos.');
      onSaved();
    } catch (err) {
      setError(
        localizeError(toApiError(err), { labels: { [newField]: 'Novo e-mail', [`${newField}.email`]: 'Novo e-mail' }, shown: [newField] }),
      );
    }
  };
  const emailIssue = checkEmail(email);
  return (
    <div>
      <ErrorBox error={error} fields={[`emails[${current.length}]`]} />
      <form
        className="toolbar"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (emailIssue || !email.trim()) return setBlurred(true);
          save([...current, { email: email.trim(), is_primary: current.length === 0 } as (typeof current)[number]]);
        }}
      >
        <Field
          label="Novo e-mail"
          name={newField}
          error={error}
          message={blurred ? (email.trim() ? emailIssue : 'Digite o e-mail a incluir.') : null}
        >
          <input
            name="new_email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            onBlur={() => email.trim() && setBlurred(true)}
            autoComplete="off"
          />
        </Field>
        <button type="submit" className="primary">
          Incluir e-mail
        </button>
      </form>
      <table className="grid">
        <tbody>
          {current.length === 0 && <EmptyRow>Nenhum e-mail.</EmptyRow>}
          {current.map((m, i) => (
            <tr key={m.id}>
              <td>{m.email}</td>
              <td>{m.is_primary ? <span className="badge">Principal</span> : null}</td>
              <td className="actions">
                {!m.is_primary && (
                  <button type="button" className="link" onClick={() => save(current.map((x, j) => ({ ...x, is_primary: i === j })))}>
                    Tornar principal
                  </button>
                )}
                <button type="button" className="link" onClick={() => save(current.filter((_, j) => j !== i))}>
                  Remover
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ContractsTab({ c }: { c: Customer }) {
  const [page, setPage] = useState(1);
  const list = useAsync(() => get('/v1/contracts', { customer_id: c.id, page, page_size: 20, include_total: true }), [c.id, page]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [hire, setHire] = useState(false);
  const [bulk, setBulk] = useState<'activate' | 'deactivate' | null>(null);
  if (list.error) return <LoadError error={list.error} what="Contratos" />;
  const toggle = (id: string) => {
    const s = new Set(selected);
    if (s.has(id)) s.delete(id);
    else s.add(id);
    setSelected(s);
  };
  return (
    <div>
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => setHire(true)}>
          Contratar Serviços
        </button>
        <button type="button" disabled={selected.size === 0} onClick={() => setBulk('activate')}>
          Ativar ou Desativar contrato(s)
        </button>
        <span className="muted">
          {selected.size > 0 ? `${selected.size} selecionado(s)` : 'Selecione contratos para ativar ou desativar'}
        </span>
      </div>
      {list.data && (
        <>
          <table className="grid">
            <thead>
              <tr>
                <th>
                  <span className="sr-only">Selecionar</span>
                </th>
                <th>Nº</th>
                <th>Serviços</th>
                <th>Início</th>
                <th>Dia de faturamento</th>
                <th>Pagamento</th>
                <th>Situação</th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.length === 0 && <EmptyRow colSpan={7}>Nenhum contrato. Use “Contratar Serviços”.</EmptyRow>}
              {list.data.data.map((k) => (
                <tr key={k.id}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Selecionar contrato ${k.number}`}
                      checked={selected.has(k.id)}
                      onChange={() => toggle(k.id)}
                    />
                  </td>
                  <td>
                    <Link to={`/clientes/${c.id}/contratos/${k.id}`}>{k.number}</Link>
                  </td>
                  <td>{k.items.map((i) => i.service.name).join(', ')}</td>
                  <td>{dateBR(k.start_date)}</td>
                  <td>{k.billing_day}</td>
                  <td>{METHOD_LABEL[k.payment_method] ?? k.payment_method}</td>
                  <td>
                    <StatusBadge status={k.status} labels={STATUS_LABEL} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={page} pageSize={20} total={list.data.total} hasMore={list.data.has_more} onPage={setPage} />
        </>
      )}
      {hire && (
        <HireModal
          customer={c}
          onClose={() => setHire(false)}
          onDone={(k) => {
            setHire(false);
            navigate(`/clientes/${c.id}/contratos/${k.id}`);
          }}
        />
      )}
      {bulk && (
        <BulkModal
          ids={[...selected]}
          onClose={() => setBulk(null)}
          onDone={() => {
            setBulk(null);
            setSelected(new Set());
            list.reload();
          }}
        />
      )}
    </div>
  );
}

function BulkModal({ ids, onClose, onDone }: { ids: string[]; onClose: () => void; onDone: () => void }) {
  const [action, setAction] = useState<'activate' | 'deactivate'>('activate');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Modal title="Ativar ou Desativar contrato(s)" onClose={onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            const r = await post('/v1/contracts/bulk-status', { ids, action, reason: reason.trim() || null });
            notify(`${r.count} contrato(s) ${action === 'activate' ? 'ativado(s)' : 'desativado(s)'}.`);
            onDone();
          } catch (err) {
            setError(localizeError(toApiError(err), { shown: ['action', 'reason'] }));
          } finally {
            setBusy(false);
          }
        }}
      >
        <p>{ids.length} contrato(s) selecionado(s). A operação vale para todos ou para nenhum.</p>
        <ErrorBox error={error} fields={['action', 'reason']} />
        <Field label="Ação" name="action" error={error}>
          <select name="action" value={action} onChange={(e) => setAction(e.target.value as 'activate' | 'deactivate')}>
            <option value="activate">Ativar</option>
            <option value="deactivate">Desativar</option>
          </select>
        </Field>
        <Field label="Motivo" name="reason" error={error}>
          <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            Confirmar
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** What the clerk types for one item: quantity (flat services), own price, description, its own end (dd/mm/aaaa). */
export interface ItemDraft {
  qty: string;
  price: string;
  description: string;
  ends: string;
}

export const emptyDraft = (): ItemDraft => ({ qty: '1', price: '', description: '', ends: '' });

export const draftFromItem = (i: ContractItem): ItemDraft => ({
  qty: decimalBR(i.quantity),
  price: i.price_override_cents ? centsStringToReais(i.price_override_cents) : '',
  description: i.description ?? '',
  ends: i.ends_on ? dateBR(i.ends_on) : '',
});

/**
 * The item's "Término do item" against the dates the form knows (ISO): not before `from` (the item's
 * or the current period's first day, said by `fromWhat`), not after the contract's end. The API
 * checks the same; here the clerk reads why in Portuguese before sending.
 */
export function checkItemEnd(
  index: number,
  endsOn: string | null,
  from: { date: string; what: string } | null,
  contractEnd: string | null,
  bad: ErrorDetail[],
): void {
  if (!endsOn) return;
  const field = `items[${index}].ends_on`;
  if (from && endsOn < from.date)
    bad.push({ field, issue: `O término do item não pode ser antes de ${dateBR(from.date)} (${from.what}).` });
  else if (contractEnd && endsOn > contractEnd)
    bad.push({ field, issue: `O término do item não pode ser depois do término do contrato (${dateBR(contractEnd)}).` });
}

/** An item for the contracts API from what was typed; bad values become details on items[index]. */
export function itemToApi(
  index: number,
  model: string,
  d: ItemDraft,
  bad: ErrorDetail[],
): { quantity: string; price_override_cents: string | null; description: string | null; ends_on: string | null } {
  const f = `items[${index}]`;
  // A usage item's quantity is not typed (the consumption decides); the one it has is kept.
  const q = parseDecimalBR(d.qty || '1');
  if (!isUsageModel(model) && (!q || Number(q) <= 0))
    bad.push({ field: `${f}.quantity`, issue: 'Quantidade inválida: use um número maior que zero, como 1 ou 2,5.' });
  const quantity = q && Number(q) > 0 ? q : '1';
  let price: string | null = null;
  if (d.price.trim()) {
    price = reaisToCentsString(d.price);
    if (price === null)
      bad.push({
        field: `${f}.price_override_cents`,
        issue: 'Preço inválido: use reais com vírgula, como 89,90 (ou deixe em branco para o preço do serviço).',
      });
  }
  let endsOn: string | null = null;
  if (d.ends.trim()) {
    endsOn = parseDateBR(d.ends);
    if (!endsOn)
      bad.push({
        field: `${f}.ends_on`,
        issue: 'Data inválida: use dd/mm/aaaa (ou deixe em branco para o item seguir até o fim do contrato).',
      });
  }
  return { quantity, price_override_cents: price, description: d.description.trim() || null, ends_on: endsOn };
}

/** The API's labels of an item's fields, by the service's name. */
export function itemLabels(i: number, name: string): Record<string, string> {
  return {
    [`items[${i}].quantity`]: `Quantidade de ${name}`,
    [`items[${i}].price_override_cents`]: `Preço próprio de ${name}`,
    [`items[${i}].service_id`]: name,
    [`items[${i}].id`]: name,
    [`items[${i}].description`]: `Descrição de ${name}`,
    [`items[${i}].ends_on`]: `Término de ${name}`,
  };
}

/** A collection account as the contract forms list it. */
export interface AccountChoice {
  id: string;
  number: number;
  label: string | null;
  bank_code: string;
  bank_name?: string;
  agency?: string;
  account?: string;
  is_default: boolean;
  active: boolean;
}

export const accountText = (a: {
  number: number;
  label: string | null;
  bank_code: string;
  bank_name?: string;
  agency?: string;
  account?: string;
}) =>
  `${a.label ?? `Conta nº ${a.number}`} — ${a.bank_name ?? `banco ${a.bank_code}`}${a.agency ? ` ag. ${a.agency}` : ''}${a.account ? ` c/c ${a.account}` : ''}`;

/**
 * "Conta de cobrança" of a contract: the tenant's active accounts, "Conta padrão da empresa" (null)
 * first. Shown only when there is a choice (two or more active accounts) or the contract already
 * names one; nothing when the accounts cannot be read (e.g. a role without access to them).
 */
export function AccountSelect({
  accounts,
  value,
  onChange,
  error,
  current,
}: {
  accounts: AccountChoice[] | undefined;
  value: string;
  onChange: (v: string) => void;
  error: ApiError | null;
  current?: Contract['collection_account'];
}) {
  const active = (accounts ?? []).filter((a) => a.active);
  if (!accounts || (active.length < 2 && !value)) return null;
  const def = active.find((a) => a.is_default);
  return (
    <Field label="Conta de cobrança" name="collection_account_id" error={error} hint="Banco em que os boletos deste contrato são emitidos">
      <select name="collection_account_id" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Conta padrão da empresa{def ? ` (${accountText(def)})` : ''}</option>
        {active.map((a) => (
          <option key={a.id} value={a.id}>
            {accountText(a)}
          </option>
        ))}
        {value && !active.some((a) => a.id === value) && (
          <option value={value}>{current ? `${accountText(current)} (inativa)` : 'Conta inativa'}</option>
        )}
      </select>
    </Field>
  );
}

/** The inputs of one item (under its service's row in "Contratar Serviços" and "Alterar itens"). */
export function ItemInputs({
  index,
  service,
  draft,
  onChange,
  error,
}: {
  index: number;
  service: { name: string; unit: string; pricing_model: string };
  draft: ItemDraft;
  onChange: (d: ItemDraft) => void;
  error: ApiError | null;
}) {
  const usage = isUsageModel(service.pricing_model);
  const f = `items[${index}]`;
  return (
    <fieldset className="forms-item-inputs">
      <legend>Item: {service.name}</legend>
      {usage ? (
        <p className="muted forms-usage-note">Cobrado conforme o consumo registrado (sem quantidade fixa).</p>
      ) : (
        <Field label={`Quantidade (${service.unit})`} name={`${f}.quantity`} error={error}>
          <input
            name={`${f}.quantity`}
            className="narrow"
            inputMode="decimal"
            value={draft.qty}
            onChange={(e) => onChange({ ...draft, qty: e.target.value })}
          />
        </Field>
      )}
      <Field
        label={usage ? `Preço próprio por ${service.unit} (R$)` : 'Preço próprio por período (R$)'}
        name={`${f}.price_override_cents`}
        error={error}
        hint="Em branco: o preço do serviço"
      >
        <input
          name={`${f}.price_override_cents`}
          inputMode="decimal"
          placeholder="0,00"
          value={draft.price}
          onChange={(e) => onChange({ ...draft, price: e.target.value })}
        />
      </Field>
      <Field label="Descrição do item" name={`${f}.description`} error={error} hint="Opcional: uma anotação deste contrato">
        <input name={`${f}.description`} value={draft.description} onChange={(e) => onChange({ ...draft, description: e.target.value })} />
      </Field>
      <Field
        label="Término do item (opcional)"
        name={`${f}.ends_on`}
        error={error}
        hint="Último dia cobrado deste item; em branco = até o fim do contrato"
      >
        <DateInput name={`${f}.ends_on`} value={draft.ends} onChange={(v) => onChange({ ...draft, ends: v })} />
      </Field>
    </fieldset>
  );
}

/** A click anywhere on a service's row ticks that row's own checkbox (not when it lands on a control). */
function rowToggle(toggle: () => void) {
  return (e: MouseEvent<HTMLTableRowElement>) => {
    if ((e.target as HTMLElement).closest('input, label, button, select, a, textarea')) return;
    toggle();
  };
}

function HireModal({ customer, onClose, onDone }: { customer: Customer; onClose: () => void; onDone: (k: Contract) => void }) {
  const services = useAsync(() => get('/v1/services', { active: true, page_size: 100 }), []);
  const accounts = useAsync(() => get('/v1/collection-accounts', { active: true }), []);
  const [account, setAccount] = useState('');
  // In the order the clerk ticked them: item i of the request is chosen[i].
  const [chosen, setChosen] = useState<{ id: string; draft: ItemDraft }[]>([]);
  const [start, setStart] = useState(todayBR());
  const [end, setEnd] = useState('');
  const [billingDay, setBillingDay] = useState('');
  const [dueDays, setDueDays] = useState('5');
  const [method, setMethod] = useState<NonNullable<ApiBody<'POST', '/v1/contracts'>['payment_method']>>('boleto');
  const [activate, setActivate] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const list = services.data?.data ?? [];
  const indexOf = (id: string) => chosen.findIndex((c) => c.id === id);
  const toggle = (id: string) =>
    setChosen((cs) => (cs.some((c) => c.id === id) ? cs.filter((c) => c.id !== id) : [...cs, { id, draft: emptyDraft() }]));
  const labels: Record<string, string> = {};
  for (const [i, c] of chosen.entries()) Object.assign(labels, itemLabels(i, list.find((s) => s.id === c.id)?.name ?? 'serviço'));
  const shown = [
    'start_date',
    'end_date',
    'billing_day',
    'due_days',
    'payment_method',
    'collection_account_id',
    ...chosen.map((_, i) => `items[${i}]`),
  ];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const startIso = parseDateBR(start);
    const endIso = end.trim() ? parseDateBR(end) : null;
    const bad: ErrorDetail[] = [];
    if (!startIso) bad.push({ field: 'start_date', issue: 'Data inválida: use dd/mm/aaaa.' });
    if (end.trim() && !endIso)
      bad.push({ field: 'end_date', issue: 'Data inválida: use dd/mm/aaaa (ou deixe em branco para prazo indeterminado).' });
    else if (startIso && endIso && endIso < startIso) bad.push({ field: 'end_date', issue: 'O término não pode ser antes do início.' });
    if (billingDay && (Number(billingDay) < 1 || Number(billingDay) > 28))
      bad.push({ field: 'billing_day', issue: 'Use um dia de 1 a 28 (ou deixe em branco para o dia do início).' });
    if (chosen.length === 0) bad.push({ field: 'items', issue: 'Marque pelo menos um serviço.' });
    const items = chosen.map((c, i) => ({
      service_id: c.id,
      ...itemToApi(i, list.find((s) => s.id === c.id)?.pricing_model ?? 'flat', c.draft, bad),
    }));
    for (const [i, it] of items.entries()) {
      checkItemEnd(i, it.ends_on, startIso ? { date: startIso, what: 'o início do contrato' } : null, endIso, bad);
    }
    if (bad.length) return setError(localizeError(new ApiError(400, 'validation_failed', '', bad, null), { labels, shown }));
    setBusy(true);
    try {
      const k = await post('/v1/contracts', {
        customer_id: customer.id,
        items,
        start_date: startIso!,
        ...(endIso ? { end_date: endIso } : {}),
        ...(billingDay ? { billing_day: Number(billingDay) } : {}),
        due_days: Number(dueDays || 0),
        payment_method: method,
        ...(account ? { collection_account_id: account } : {}),
        status: activate ? 'active' : 'pending',
      });
      notify(`Contrato nº ${k.number} criado.`);
      onDone(k);
    } catch (err) {
      setError(localizeError(toApiError(err), { labels, shown }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={`Contratar Serviços — ${customer.name}`} onClose={onClose} wide>
      <form onSubmit={submit} noValidate>
        <ErrorBox error={error} fields={shown} />
        {services.error && <LoadError error={services.error} what="Serviços" />}
        <fieldset className="forms-services" data-field="items">
          <legend>Serviços</legend>
          <table className="grid compact">
            <thead>
              <tr>
                <th scope="col">Serviço</th>
                <th scope="col">Periodicidade</th>
                <th scope="col">Preço do serviço</th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) => {
                const i = indexOf(s.id);
                const id = `hire-service-${s.id}`;
                return [
                  <tr
                    key={s.id}
                    className={'forms-service-row' + (i >= 0 ? ' chosen' : '')}
                    data-service={s.code}
                    onClick={rowToggle(() => toggle(s.id))}
                  >
                    <td>
                      <span className="check">
                        <input type="checkbox" id={id} name={`service-${s.code}`} checked={i >= 0} onChange={() => toggle(s.id)} />
                        <label htmlFor={id}>
                          {s.name} <small className="muted">({s.code})</small>
                        </label>
                      </span>
                    </td>
                    <td>{PERIOD_LABEL[s.billing_period] ?? s.billing_period}</td>
                    <td>{priceText(s)}</td>
                  </tr>,
                  i >= 0 ? (
                    <tr key={`${s.id}-item`} className="forms-item-row">
                      <td colSpan={3}>
                        <ItemInputs
                          index={i}
                          service={s}
                          draft={chosen[i].draft}
                          error={error}
                          onChange={(d) => setChosen((cs) => cs.map((c) => (c.id === s.id ? { ...c, draft: d } : c)))}
                        />
                      </td>
                    </tr>
                  ) : null,
                ];
              })}
              {services.data?.data.length === 0 && <EmptyRow colSpan={3}>Nenhum serviço ativo. Cadastre em Cadastro → Serviços.</EmptyRow>}
            </tbody>
          </table>
        </fieldset>
        <div className="form-grid">
          <Field label="Início" name="start_date" error={error}>
            <DateInput name="start_date" value={start} onChange={setStart} />
          </Field>
          <Field label="Término (opcional)" name="end_date" error={error} hint="Último dia de serviço; em branco = prazo indeterminado">
            <DateInput name="end_date" value={end} onChange={setEnd} />
          </Field>
          <Field label="Dia de faturamento" name="billing_day" error={error} hint="1 a 28; vazio = dia do início">
            <input
              name="billing_day"
              inputMode="numeric"
              value={billingDay}
              onChange={(e) => setBillingDay(e.target.value.replace(/\D/g, ''))}
            />
          </Field>
          <Field label="Dias para vencimento" name="due_days" error={error}>
            <input name="due_days" inputMode="numeric" value={dueDays} onChange={(e) => setDueDays(e.target.value.replace(/\D/g, ''))} />
          </Field>
          <Field label="Forma de pagamento" name="payment_method" error={error}>
            <select name="payment_method" value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
              <option value="boleto">Boleto</option>
              <option value="pix">PIX</option>
              <option value="both">Boleto e PIX</option>
            </select>
          </Field>
          <AccountSelect accounts={accounts.data?.data} value={account} onChange={setAccount} error={error} />
          <label className="check">
            <input type="checkbox" checked={activate} onChange={(e) => setActivate(e.target.checked)} /> Já ativar o contrato
          </label>
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Contratando…' : 'Contratar'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function CustomerChargesTab({ c }: { c: Customer }) {
  const [page, setPage] = useState(1);
  const list = useAsync(() => get('/v1/charges', { customer_id: c.id, page, page_size: 20, include_total: true }), [c.id, page]);
  if (list.error) return <LoadError error={list.error} what="Cobranças" />;
  if (!list.data) return <p>Carregando…</p>;
  return (
    <div>
      <ChargesTable charges={list.data.data} customers={{ [c.id]: c.name }} onChanged={list.reload} />
      <Pager page={page} pageSize={20} total={list.data.total} hasMore={list.data.has_more} onPage={setPage} />
      <p>
        <Link to={`/contas-a-receber?cliente=${c.id}`}>Ver em Contas a Receber</Link>
      </p>
    </div>
  );
}

export { decimalBR };
