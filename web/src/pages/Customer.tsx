import { useState, type FormEvent } from 'react';
import { ApiError, get, patch, post, type Page } from '../api.ts';
import { brl, dateBR, decimalBR, METHOD_LABEL, parseDateBR, parseDecimalBR, PERIOD_LABEL, STATUS_LABEL, todayBR } from '../format.ts';
import { Link, navigate, setQuery } from '../router.tsx';
import { DateInput, ErrorBox, Field, LoadError, Modal, Pager, StatusBadge, Tabs, notify, toApiError, useAsync, EmptyRow } from '../ui.tsx';
import type { Customer } from './Customers.tsx';
import { AddressFields, addressFromApi, addressToApi, emptyAddress, type AddressForm } from './CustomerForm.tsx';
import { ChargesTable, type Charge } from './Receivables.tsx';
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
  billing_period: string | null;
  current_period: { start: string; end: string } | null;
  items: { id: string; service_id: string; service: { code: string; name: string; unit: string; pricing_model: string }; quantity: string; price_override_cents: string | null }[];
  suspensions: { id: string; start_date: string; end_date: string | null; reason: string | null }[];
  cancellation: { reason: string | null; effective_date: string } | null;
  description: string | null;
}

export interface Service {
  id: string;
  number: number;
  code: string;
  name: string;
  unit: string;
  billing_period: string;
  pricing_model: string;
  price_cents: string | null;
  active: boolean;
  description: string | null;
  [k: string]: any;
}

const TABS = [
  { id: 'dados', label: 'Dados' },
  { id: 'enderecos', label: 'Endereços' },
  { id: 'emails', label: 'E-mails' },
  { id: 'contratos', label: 'Contratos' },
  { id: 'cobrancas', label: 'Cobranças' },
  { id: 'regua', label: 'Régua e avisos' },
];

export function CustomerPage({ id, tab }: { id: string; tab: string }) {
  const customer = useAsync(() => get<Customer>(`/v1/customers/${id}`), [id]);
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
  const save = async (list: AddressForm[], index: number | null) => {
    setError(null);
    try {
      await patch(`/v1/customers/${c.id}`, { addresses: list.map(addressToApi) });
      notify('Endereços salvos.');
      setEditing(null);
      onSaved();
    } catch (err) {
      const e = toApiError(err);
      setError(e);
      if (index === null) notify(e.message, 'error');
    }
  };
  const current = c.addresses.map(addressFromApi);
  return (
    <div>
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => { setError(null); setEditing({ index: null, value: emptyAddress() }); }}>
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
            <th />
          </tr>
        </thead>
        <tbody>
          {c.addresses.length === 0 && (
            <EmptyRow colSpan={5}>Nenhum endereço.</EmptyRow>
          )}
          {c.addresses.map((a, i) => (
            <tr key={a.id}>
              <td>
                {[a.street, a.street_number, a.complement, a.district].filter(Boolean).join(', ')} {a.label && <small className="muted">({a.label})</small>}
              </td>
              <td>{a.postal_code_formatted ?? a.postal_code ?? '—'}</td>
              <td>{[a.city, a.state].filter(Boolean).join('/')}</td>
              <td>{[a.is_primary && 'Principal', a.for_billing && 'Cobrança'].filter(Boolean).join(', ') || '—'}</td>
              <td className="actions">
                <button type="button" className="link" onClick={() => { setError(null); setEditing({ index: i, value: current[i] }); }}>
                  Editar
                </button>
                <button type="button" className="link" onClick={() => window.confirm('Remover este endereço?') && save(current.filter((_, j) => j !== i), null)}>
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
            onSubmit={(e) => {
              e.preventDefault();
              const list = [...current];
              if (editing.index === null) list.push(editing.value);
              else list[editing.index] = editing.value;
              save(list, editing.index ?? list.length - 1);
            }}
          >
            <ErrorBox error={error} fields={[`addresses[${editing.index ?? current.length}]`]} />
            <AddressFields value={editing.value} onChange={(v) => setEditing({ ...editing, value: v })} error={error} prefix={`addresses[${editing.index ?? current.length}]`} />
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
  const current = c.emails.map((m) => ({ id: m.id, email: m.email, label: m.label, is_primary: m.is_primary }));
  const save = async (list: typeof current) => {
    setError(null);
    try {
      await patch(`/v1/customers/${c.id}`, { emails: list });
      setEmail('');
      notify('E-mails salvos.');
      onSaved();
    } catch (err) {
      setError(toApiError(err));
    }
  };
  return (
    <div>
      <ErrorBox error={error} fields={[`emails[${current.length}]`]} />
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          save([...current, { email: email.trim(), is_primary: current.length === 0 } as (typeof current)[number]]);
        }}
      >
        <Field label="Novo e-mail" name={`emails[${current.length}]`} error={error}>
          <input name="new_email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <button type="submit" className="primary">
          Incluir e-mail
        </button>
      </form>
      <table className="grid">
        <tbody>
          {current.length === 0 && (
            <EmptyRow>Nenhum e-mail.</EmptyRow>
          )}
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
  const list = useAsync(() => get<Page<Contract>>('/v1/contracts', { customer_id: c.id, page, page_size: 20, include_total: true }), [c.id, page]);
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
        <span className="muted">{selected.size > 0 ? `${selected.size} selecionado(s)` : 'Selecione contratos para ativar ou desativar'}</span>
      </div>
      {list.data && (
        <>
          <table className="grid">
            <thead>
              <tr>
                <th />
                <th>Nº</th>
                <th>Serviços</th>
                <th>Início</th>
                <th>Dia de faturamento</th>
                <th>Pagamento</th>
                <th>Situação</th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.length === 0 && (
                <EmptyRow colSpan={7}>Nenhum contrato. Use “Contratar Serviços”.</EmptyRow>
              )}
              {list.data.data.map((k) => (
                <tr key={k.id}>
                  <td>
                    <input type="checkbox" aria-label={`Selecionar contrato ${k.number}`} checked={selected.has(k.id)} onChange={() => toggle(k.id)} />
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
            const r = await post<{ count: number }>('/v1/contracts/bulk-status', { ids, action, reason: reason.trim() || null });
            notify(`${r.count} contrato(s) ${action === 'activate' ? 'ativado(s)' : 'desativado(s)'}.`);
            onDone();
          } catch (err) {
            setError(toApiError(err));
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

function HireModal({ customer, onClose, onDone }: { customer: Customer; onClose: () => void; onDone: (k: Contract) => void }) {
  const services = useAsync(() => get<Page<Service>>('/v1/services', { active: true, page_size: 100 }), []);
  const [chosen, setChosen] = useState<Record<string, { qty: string; price: string }>>({});
  const [start, setStart] = useState(todayBR());
  const [billingDay, setBillingDay] = useState('');
  const [dueDays, setDueDays] = useState('5');
  const [method, setMethod] = useState('boleto');
  const [activate, setActivate] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const startIso = parseDateBR(start);
    const bad: { field: string; issue: string }[] = [];
    if (!startIso) bad.push({ field: 'start_date', issue: 'deve ser uma data válida no formato dd/mm/aaaa' });
    const ids = Object.keys(chosen);
    if (ids.length === 0) bad.push({ field: 'items', issue: 'escolha pelo menos um serviço' });
    const items = ids.map((sid, i) => {
      const q = parseDecimalBR(chosen[sid].qty || '1');
      if (!q) bad.push({ field: `items[${i}].quantity`, issue: 'quantidade inválida' });
      return { service_id: sid, quantity: q ?? '1' };
    });
    if (bad.length) return setError(new ApiError(400, 'validation_failed', 'Verifique os campos', bad, null));
    setBusy(true);
    try {
      const k = await post<Contract>('/v1/contracts', {
        customer_id: customer.id,
        items,
        start_date: startIso,
        ...(billingDay ? { billing_day: Number(billingDay) } : {}),
        due_days: Number(dueDays || 0),
        payment_method: method,
        status: activate ? 'active' : 'pending',
      });
      notify(`Contrato nº ${k.number} criado.`);
      onDone(k);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={`Contratar Serviços — ${customer.name}`} onClose={onClose} wide>
      <form onSubmit={submit}>
        <ErrorBox error={error} fields={['items', 'start_date', 'billing_day', 'due_days', 'payment_method']} />
        {services.error && <LoadError error={services.error} what="Serviços" />}
        <Field label="Serviços" name="items" error={error}>
          <table className="grid compact">
            <tbody>
              {services.data?.data.map((s) => (
                <tr key={s.id}>
                  <td>
                    <label className="check">
                      <input
                        type="checkbox"
                        name={`service-${s.code}`}
                        checked={!!chosen[s.id]}
                        onChange={(e) => {
                          const next = { ...chosen };
                          if (e.target.checked) next[s.id] = { qty: '1', price: '' };
                          else delete next[s.id];
                          setChosen(next);
                        }}
                      />{' '}
                      {s.name} <small className="muted">({s.code})</small>
                    </label>
                  </td>
                  <td>{PERIOD_LABEL[s.billing_period] ?? s.billing_period}</td>
                  <td>
                    {brl(s.price_cents)} / {s.unit}
                  </td>
                  <td>
                    {chosen[s.id] && (
                      <input aria-label={`Quantidade de ${s.name}`} className="narrow" value={chosen[s.id].qty} onChange={(e) => setChosen({ ...chosen, [s.id]: { ...chosen[s.id], qty: e.target.value } })} />
                    )}
                  </td>
                </tr>
              ))}
              {services.data?.data.length === 0 && (
                <EmptyRow>Nenhum serviço ativo. Cadastre em Cadastro → Serviços.</EmptyRow>
              )}
            </tbody>
          </table>
        </Field>
        <div className="form-grid">
          <Field label="Início" name="start_date" error={error}>
            <DateInput name="start_date" value={start} onChange={setStart} />
          </Field>
          <Field label="Dia de faturamento" name="billing_day" error={error} hint="1 a 28; vazio = dia do início">
            <input name="billing_day" inputMode="numeric" value={billingDay} onChange={(e) => setBillingDay(e.target.value.replace(/\D/g, ''))} />
          </Field>
          <Field label="Dias para vencimento" name="due_days" error={error}>
            <input name="due_days" inputMode="numeric" value={dueDays} onChange={(e) => setDueDays(e.target.value.replace(/\D/g, ''))} />
          </Field>
          <Field label="Forma de pagamento" name="payment_method" error={error}>
            <select name="payment_method" value={method} onChange={(e) => setMethod(e.target.value)}>
              <option value="boleto">Boleto</option>
              <option value="pix">PIX</option>
              <option value="both">Boleto e PIX</option>
            </select>
          </Field>
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
  const list = useAsync(() => get<Page<Charge>>('/v1/charges', { customer_id: c.id, page, page_size: 20, include_total: true }), [c.id, page]);
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
