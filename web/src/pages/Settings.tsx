import { useState, type FormEvent } from 'react';
import { ApiError, del, get, patch, post, type Page } from '../api.ts';
import { brl, dateTimeBR, parseMoneyBR, STATUS_LABEL } from '../format.ts';
import { useSession } from '../session.ts';
import { Link } from '../router.tsx';
import { ErrorBox, Field, LoadError, Modal, Pager, StatusBadge, notify, toApiError, runAction, useAsync, EmptyRow } from '../ui.tsx';

// ---------------------------------------------------------------- API keys
interface ApiKey {
  id: string;
  name: string;
  mode: 'live' | 'test';
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export function ApiKeysPage() {
  const { session } = useSession();
  const keys = useAsync(() => get<{ data: ApiKey[] }>('/v1/api-keys'), []);
  const [name, setName] = useState('');
  const [mode, setMode] = useState<'live' | 'test'>(session.mode);
  const [error, setError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<(ApiKey & { secret: string }) | null>(null);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setCreated(await post<ApiKey & { secret: string }>('/v1/api-keys', { name: name.trim() || undefined, mode }));
      setName('');
      keys.reload();
    } catch (err) {
      setError(toApiError(err));
    }
  };
  const revoke = (k: ApiKey) =>
    runAction(() => post(`/v1/api-keys/${k.id}/revoke`), {
      confirm: `Revogar a chave “${k.name}”? Integrações que a usam deixam de funcionar imediatamente.`,
      done: 'Chave revogada.',
      then: keys.reload,
    });
  return (
    <div>
      <h1>Chaves de API</h1>
      <form className="panel filters" onSubmit={create}>
        <ErrorBox error={error} fields={['name', 'mode']} />
        <Field label="Nome da chave" name="name" error={error}>
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} placeholder="ERP, integração…" />
        </Field>
        <Field label="Modo" name="mode" error={error}>
          <select name="mode" value={mode} onChange={(e) => setMode(e.target.value as 'live' | 'test')}>
            {session.mode === 'live' && <option value="live">Produção (dados reais)</option>}
            <option value="test">Sandbox (teste)</option>
          </select>
        </Field>
        <button type="submit" className="primary">
          Criar chave
        </button>
      </form>
      {created && (
        <Modal title="Chave criada" onClose={() => setCreated(null)}>
          <p className="warning">Copie a chave agora: ela não será mostrada de novo.</p>
          <pre className="secret" data-secret>
            {created.secret}
          </pre>
          <div className="form-actions">
            <button type="button" className="primary" onClick={() => navigator.clipboard.writeText(created.secret).then(() => notify('Chave copiada.'), () => undefined)}>
              Copiar
            </button>
            <button type="button" onClick={() => setCreated(null)}>
              Já guardei
            </button>
          </div>
        </Modal>
      )}
      {keys.error && <LoadError error={keys.error} what="Chaves de API" />}
      {keys.data && (
        <table className="grid">
          <thead>
            <tr>
              <th>Nome</th>
              <th>Prefixo</th>
              <th>Modo</th>
              <th>Criada em</th>
              <th>Último uso</th>
              <th>Situação</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.data.data.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{k.mode === 'live' ? 'Produção' : 'Sandbox'}</td>
                <td>{dateTimeBR(k.created_at)}</td>
                <td>{dateTimeBR(k.last_used_at)}</td>
                <td>{k.revoked_at ? <span className="badge status-cancelled">Revogada</span> : <span className="badge status-active">Ativa</span>}</td>
                <td className="actions">
                  {!k.revoked_at && (
                    <button type="button" className="link danger" onClick={() => revoke(k)}>
                      Revogar
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

// ---------------------------------------------------------------- webhooks
interface Endpoint {
  id: string;
  url: string;
  description: string | null;
  event_types: string[];
  active: boolean;
  created_at: string;
}
interface Delivery {
  id: string;
  event_type: string;
  resource_type: string;
  resource_id: string;
  status: string;
  attempt_count: number;
  created_at: string;
  [k: string]: any;
}

export function WebhooksPage() {
  const list = useAsync(() => get<Page<Endpoint>>('/v1/webhook-endpoints', { page_size: 100 }), []);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState('*');
  const [error, setError] = useState<ApiError | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [log, setLog] = useState<Endpoint | null>(null);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const ep = await post<Endpoint & { secret: string }>('/v1/webhook-endpoints', {
        url: url.trim(),
        event_types: events
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      });
      setSecret(ep.secret);
      setUrl('');
      list.reload();
    } catch (err) {
      setError(toApiError(err));
    }
  };
  const remove = (ep: Endpoint) => runAction(() => del(`/v1/webhook-endpoints/${ep.id}`), { confirm: `Excluir o endpoint ${ep.url}?`, then: list.reload });
  const toggle = (ep: Endpoint) => runAction(() => patch(`/v1/webhook-endpoints/${ep.id}`, { active: !ep.active }), { then: list.reload });
  return (
    <div>
      <h1>Webhooks</h1>
      {list.error ? (
        <LoadError error={list.error} what="Webhooks" />
      ) : (
        <>
          <form className="panel filters" onSubmit={create}>
            <ErrorBox error={error} fields={['url', 'event_types']} />
            <Field label="URL (https)" name="url" error={error}>
              <input name="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://seu-sistema.com.br/webhooks/cobre" />
            </Field>
            <Field label="Eventos (separados por vírgula)" name="event_types" error={error} hint="* = todos; ex.: charge.paid, charge.overdue">
              <input name="event_types" value={events} onChange={(e) => setEvents(e.target.value)} />
            </Field>
            <button type="submit" className="primary">
              Cadastrar endpoint
            </button>
          </form>
          {secret && (
            <Modal title="Segredo de assinatura" onClose={() => setSecret(null)}>
              <p className="warning">Guarde este segredo agora: ele assina as entregas e não será mostrado de novo.</p>
              <pre className="secret">{secret}</pre>
            </Modal>
          )}
          <table className="grid">
            <thead>
              <tr>
                <th>URL</th>
                <th>Eventos</th>
                <th>Situação</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data?.data.length === 0 && (
                <EmptyRow colSpan={4}>Nenhum endpoint.</EmptyRow>
              )}
              {list.data?.data.map((ep) => (
                <tr key={ep.id}>
                  <td>{ep.url}</td>
                  <td>{ep.event_types.join(', ')}</td>
                  <td>
                    <StatusBadge status={ep.active ? 'active' : 'inactive'} labels={STATUS_LABEL} />
                  </td>
                  <td className="actions">
                    <button type="button" className="link" onClick={() => setLog(ep)}>
                      Entregas
                    </button>
                    <button type="button" className="link" onClick={() => toggle(ep)}>
                      {ep.active ? 'Desativar' : 'Ativar'}
                    </button>
                    <button type="button" className="link danger" onClick={() => remove(ep)}>
                      Excluir
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {log && <DeliveryLog endpoint={log} onClose={() => setLog(null)} />}
    </div>
  );
}

function DeliveryLog({ endpoint, onClose }: { endpoint: Endpoint; onClose: () => void }) {
  const [page, setPage] = useState(1);
  const list = useAsync(() => get<Page<Delivery>>(`/v1/webhook-endpoints/${endpoint.id}/deliveries`, { page, page_size: 20, include_total: true }), [endpoint.id, page]);
  return (
    <Modal title={`Entregas — ${endpoint.url}`} onClose={onClose} wide>
      {list.error && <LoadError error={list.error} what="Registro de entregas" />}
      {list.data && (
        <>
          <table className="grid">
            <thead>
              <tr>
                <th>Quando</th>
                <th>Evento</th>
                <th>Recurso</th>
                <th>Situação</th>
                <th>Tentativas</th>
                <th>Última resposta</th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.map((d) => (
                <tr key={d.id}>
                  <td>{dateTimeBR(d.created_at)}</td>
                  <td>{d.event_type}</td>
                  <td>
                    {d.resource_type} {d.resource_id.slice(0, 8)}
                  </td>
                  <td>{STATUS_LABEL[d.status] ?? d.status}</td>
                  <td>{d.attempt_count}</td>
                  <td>{d.last_status_code ?? d.last_error ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {'page' in list.data && list.data.page !== null && <Pager page={page} pageSize={20} total={list.data.total} hasMore={list.data.has_more} onPage={setPage} />}
        </>
      )}
    </Modal>
  );
}

// ---------------------------------------------------------------- collection accounts
interface CollectionAccount {
  id: string;
  number: number;
  label: string | null;
  bank_code: string;
  bank_name: string;
  agency: string;
  account: string;
  account_digit: string | null;
  carteira: string;
  beneficiary_name: string;
  is_default: boolean;
  active: boolean;
  pix_key: string | null;
}

export function CollectionAccountsPage() {
  const { session } = useSession();
  const isAdmin = session.user.role === 'admin';
  const list = useAsync(() => get<{ data: CollectionAccount[] }>('/v1/collection-accounts'), []);
  const banks = useAsync(() => get<{ data: { code: string; name: string }[] }>('/v1/collection-accounts/banks'), []);
  const [open, setOpen] = useState(false);
  const bankList = banks.data?.data ?? [];
  return (
    <div>
      <div className="page-head">
        <h1>Contas de cobrança</h1>
        {isAdmin && !list.error && (
          <button type="button" className="primary" onClick={() => setOpen(true)}>
            Incluir+
          </button>
        )}
      </div>
      {!isAdmin && <p className="muted">Somente administradores alteram contas de cobrança.</p>}
      <p className="muted">
        Pix dinâmico pela API Pix de um PSP (cobranças com QR code próprio, conciliação, devoluções, Pix Automático): <Link className="inline-link" to="/configuracoes/pix-psp">Configurações → Pix (PSP)</Link>.
      </p>
      {list.error && <LoadError error={list.error} what="Contas de cobrança" />}
      {list.data && (
        <table className="grid">
          <thead>
            <tr>
              <th>Nº</th>
              <th>Banco</th>
              <th>Agência / Conta</th>
              <th>Carteira</th>
              <th>Beneficiário</th>
              <th>Chave PIX</th>
              <th>Padrão</th>
            </tr>
          </thead>
          <tbody>
            {list.data.data.length === 0 && (
              <EmptyRow colSpan={7}>Nenhuma conta de cobrança.</EmptyRow>
            )}
            {list.data.data.map((a) => (
              <tr key={a.id}>
                <td>{a.number}</td>
                <td>
                  {a.bank_code} — {a.bank_name} {a.label && <small className="muted">({a.label})</small>}
                </td>
                <td>
                  {a.agency} / {a.account}
                  {a.account_digit ? `-${a.account_digit}` : ''}
                </td>
                <td>{a.carteira}</td>
                <td>{a.beneficiary_name}</td>
                <td>{a.pix_key ?? '—'}</td>
                <td>{a.is_default ? 'Sim' : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && (
        <AccountModal
          banks={bankList}
          onClose={() => setOpen(false)}
          onDone={() => {
            setOpen(false);
            list.reload();
          }}
        />
      )}
    </div>
  );
}

function AccountModal({ banks, onClose, onDone }: { banks: { code: string; name: string }[]; onClose: () => void; onDone: () => void }) {
  const [f, setF] = useState({ bank_code: banks[0]?.code ?? '', agency: '', account: '', account_digit: '', carteira: '', convenio: '', beneficiary_code: '', beneficiary_name: '', beneficiary_document: '', street: '', number: '', district: '', city: '', state: '', postal_code: '', pix_key: '', label: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const opt = (s: string) => (s.trim() ? s.trim() : undefined);
  const text = (k: keyof typeof f, label: string, name: string = k) => (
    <Field label={label} name={name} error={error}>
      <input name={k} value={f[k]} onChange={set(k)} />
    </Field>
  );
  return (
    <Modal title="Incluir conta de cobrança" onClose={onClose} wide>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          try {
            await post('/v1/collection-accounts', {
              bank_code: f.bank_code,
              agency: opt(f.agency),
              account: opt(f.account),
              account_digit: opt(f.account_digit),
              carteira: f.carteira.trim(),
              convenio: opt(f.convenio),
              beneficiary_code: opt(f.beneficiary_code),
              beneficiary_name: f.beneficiary_name.trim(),
              beneficiary_document: f.beneficiary_document.trim(),
              beneficiary_address: { street: f.street.trim(), number: opt(f.number), district: opt(f.district), city: f.city.trim(), state: f.state.trim(), postal_code: f.postal_code.trim() },
              pix_key: opt(f.pix_key),
              label: opt(f.label),
            });
            notify('Conta de cobrança incluída.');
            onDone();
          } catch (err) {
            setError(toApiError(err));
          }
        }}
      >
        <ErrorBox error={error} fields={['bank_code', 'agency', 'account', 'account_digit', 'carteira', 'convenio', 'beneficiary_code', 'beneficiary_name', 'beneficiary_document', 'beneficiary_address', 'pix_key', 'label']} />
        <div className="form-grid">
          <Field label="Banco" name="bank_code" error={error}>
            <select name="bank_code" value={f.bank_code} onChange={set('bank_code')}>
              {banks.map((b) => (
                <option key={b.code} value={b.code}>
                  {b.code} — {b.name}
                </option>
              ))}
            </select>
          </Field>
          {text('label', 'Descrição')}
          {text('agency', 'Agência')}
          {text('account', 'Conta')}
          {text('account_digit', 'Dígito da conta')}
          {text('carteira', 'Carteira')}
          {text('convenio', 'Convênio')}
          {text('beneficiary_code', 'Código do beneficiário')}
          {text('beneficiary_name', 'Beneficiário (razão social)')}
          {text('beneficiary_document', 'CNPJ/CPF do beneficiário')}
          {text('street', 'Logradouro', 'beneficiary_address.street')}
          {text('number', 'Número', 'beneficiary_address.number')}
          {text('district', 'Bairro', 'beneficiary_address.district')}
          {text('city', 'Cidade', 'beneficiary_address.city')}
          {text('state', 'UF', 'beneficiary_address.state')}
          {text('postal_code', 'CEP', 'beneficiary_address.postal_code')}
          {text('pix_key', 'Chave PIX (bolepix)')}
        </div>
        <div className="form-actions">
          <button type="submit" className="primary">
            Salvar
          </button>
        </div>
      </form>
    </Modal>
  );
}

// ---------------------------------------------------------------- payment rules
interface Rule {
  id: string;
  codigo: number;
  descricao: string;
  acrescimo_desconto: string;
  tipo_calculo_valor: string;
  tipo_prazo_pagamento: string;
  percentual: string | null;
  valor_fixo_centavos: number | null;
  dias: number | null;
  ativo: boolean;
  [k: string]: any;
}
interface Codes {
  codes: Record<string, { value: string; label: string; meaning: string }[]>;
}

const CODED_FIELDS: [string, string][] = [
  ['acrescimo_desconto', 'Tipo'],
  ['tipo_prazo_pagamento', 'Prazo de pagamento'],
  ['tipo_calculo_valor', 'Cálculo do valor'],
  ['tipo_aplicacao_calculo', 'Aplicação'],
  ['tipo_saldo', 'Base de cálculo'],
  ['tipo_pessoa', 'Clientes'],
  ['desconto_extra', 'Acumula com outros'],
];

export function PaymentRulesPage() {
  const [page, setPage] = useState(1);
  const list = useAsync(() => get<Page<Rule>>('/v1/payment-rules', { page, page_size: 20, include_total: true }), [page]);
  const codes = useAsync(() => get<Codes>('/v1/payment-rules/codes'), []);
  const [open, setOpen] = useState(false);
  const label = (field: string, value: string) => codes.data?.codes[field]?.find((c) => c.value === value)?.label ?? value;
  const remove = (r: Rule) => runAction(() => del(`/v1/payment-rules/${r.id}`), { confirm: `Excluir a regra “${r.descricao}”?`, then: list.reload });
  return (
    <div>
      <div className="page-head">
        <h1>Regras de pagamento</h1>
        <button type="button" className="primary" onClick={() => setOpen(true)} disabled={!codes.data}>
          Incluir+
        </button>
      </div>
      <p className="muted">Descontos por pontualidade e acréscimos aplicados às cobranças.</p>
      {list.error && <LoadError error={list.error} what="Regras de pagamento" />}
      {list.data && (
        <>
          <table className="grid">
            <thead>
              <tr>
                <th>Código</th>
                <th>Descrição</th>
                <th>Tipo</th>
                <th>Prazo</th>
                <th>Valor</th>
                <th>Situação</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.data.length === 0 && (
                <EmptyRow colSpan={7}>Nenhuma regra.</EmptyRow>
              )}
              {list.data.data.map((r) => (
                <tr key={r.id}>
                  <td>{r.codigo}</td>
                  <td>{r.descricao}</td>
                  <td>{label('acrescimo_desconto', r.acrescimo_desconto)}</td>
                  <td>
                    {label('tipo_prazo_pagamento', r.tipo_prazo_pagamento)}
                    {r.dias !== null ? ` (${r.dias} dia(s))` : ''}
                  </td>
                  <td>{r.percentual !== null ? `${r.percentual.replace('.', ',')} %` : r.valor_fixo_centavos !== null ? brl(r.valor_fixo_centavos) : '—'}</td>
                  <td>
                    <StatusBadge status={r.ativo ? 'active' : 'inactive'} labels={STATUS_LABEL} />
                  </td>
                  <td className="actions">
                    <button type="button" className="link danger" onClick={() => remove(r)}>
                      Excluir
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={page} pageSize={20} total={list.data.total} hasMore={list.data.has_more} onPage={setPage} />
        </>
      )}
      {open && codes.data && (
        <RuleModal
          codes={codes.data}
          onClose={() => setOpen(false)}
          onDone={() => {
            setOpen(false);
            list.reload();
          }}
        />
      )}
    </div>
  );
}

function RuleModal({ codes, onClose, onDone }: { codes: Codes; onClose: () => void; onDone: () => void }) {
  const [descricao, setDescricao] = useState('');
  const [coded, setCoded] = useState<Record<string, string>>({});
  const [percentual, setPercentual] = useState('');
  const [valor, setValor] = useState('');
  const [dias, setDias] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const tipoValor = coded.tipo_calculo_valor ?? 'N';
  return (
    <Modal title="Incluir regra de pagamento" onClose={onClose} wide>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          const body: Record<string, unknown> = { descricao: descricao.trim(), ...coded };
          if (tipoValor === 'N') body.percentual = percentual.trim().replace(',', '.');
          else {
            const c = parseMoneyBR(valor);
            if (c === null) return setError(new ApiError(400, 'validation_failed', 'Valor', [{ field: 'valor_fixo_centavos', issue: 'informe um valor como 10,00' }], null));
            body.valor_fixo_centavos = c;
          }
          if (dias.trim()) body.dias = Number(dias);
          try {
            await post('/v1/payment-rules', body);
            notify('Regra incluída.');
            onDone();
          } catch (err) {
            setError(toApiError(err));
          }
        }}
      >
        <ErrorBox error={error} fields={['descricao', 'percentual', 'valor_fixo_centavos', 'dias', ...CODED_FIELDS.map(([f]) => f)]} />
        <div className="form-grid">
          <Field label="Descrição" name="descricao" error={error}>
            <input name="descricao" value={descricao} onChange={(e) => setDescricao(e.target.value)} />
          </Field>
          {CODED_FIELDS.filter(([f]) => codes.codes[f]).map(([f, l]) => (
            <Field key={f} label={l} name={f} error={error}>
              <select name={f} value={coded[f] ?? ''} onChange={(e) => setCoded({ ...coded, [f]: e.target.value })}>
                <option value="">(padrão)</option>
                {codes.codes[f].map((c) => (
                  <option key={c.value} value={c.value} title={c.meaning}>
                    {c.value} — {c.label}
                  </option>
                ))}
              </select>
            </Field>
          ))}
          {tipoValor === 'N' ? (
            <Field label="Percentual (%)" name="percentual" error={error}>
              <input name="percentual" value={percentual} onChange={(e) => setPercentual(e.target.value)} placeholder="2,5" />
            </Field>
          ) : (
            <Field label="Valor (R$)" name="valor_fixo_centavos" error={error}>
              <input name="valor" value={valor} onChange={(e) => setValor(e.target.value)} />
            </Field>
          )}
          <Field label="Dias" name="dias" error={error}>
            <input name="dias" value={dias} onChange={(e) => setDias(e.target.value.replace(/\D/g, ''))} />
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="primary">
            Salvar
          </button>
        </div>
      </form>
    </Modal>
  );
}

// ---------------------------------------------------------------- users
interface User {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'operator';
  active: boolean;
  last_login_at: string | null;
}

export function UsersPage() {
  const { session } = useSession();
  const list = useAsync(() => get<{ data: User[] }>('/v1/users'), []);
  const [form, setForm] = useState({ name: '', email: '', password: '', role: 'operator' });
  const [error, setError] = useState<ApiError | null>(null);
  const [pwFor, setPwFor] = useState<User | null>(null);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await post('/v1/users', { ...form, name: form.name.trim() || null });
      notify('Usuário criado.');
      setForm({ name: '', email: '', password: '', role: 'operator' });
      list.reload();
    } catch (err) {
      setError(toApiError(err));
    }
  };
  const change = async (u: User, body: Partial<User>) => {
    try {
      await patch(`/v1/users/${u.id}`, body);
      list.reload();
    } catch (err) {
      notify(toApiError(err).message + ' ' + toApiError(err).apiMessage, 'error');
    }
  };
  const remove = (u: User) => runAction(() => del(`/v1/users/${u.id}`), { confirm: `Excluir o usuário ${u.email}?`, then: list.reload });
  return (
    <div>
      <h1>Usuários</h1>
      <form className="panel form-grid" onSubmit={create}>
        <ErrorBox error={error} fields={['name', 'email', 'password', 'role']} />
        <Field label="Nome" name="name" error={error}>
          <input name="name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </Field>
        <Field label="E-mail" name="email" error={error}>
          <input name="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
        </Field>
        <Field label="Senha inicial" name="password" error={error} hint="Pelo menos 8 caracteres">
          <input name="password" type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} />
        </Field>
        <Field label="Perfil" name="role" error={error}>
          <select name="role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
            <option value="operator">Operador</option>
            <option value="admin">Administrador</option>
          </select>
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary">
            Criar usuário
          </button>
        </div>
      </form>
      {list.error && <LoadError error={list.error} what="Usuários" />}
      {list.data && (
        <table className="grid">
          <thead>
            <tr>
              <th>Nome</th>
              <th>E-mail</th>
              <th>Perfil</th>
              <th>Último acesso</th>
              <th>Situação</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.data.map((u) => (
              <tr key={u.id}>
                <td>
                  {u.name} {u.id === session.user.id && <small className="muted">(você)</small>}
                </td>
                <td>{u.email}</td>
                <td>
                  <select aria-label={`Perfil de ${u.email}`} value={u.role} onChange={(e) => change(u, { role: e.target.value as User['role'] })}>
                    <option value="operator">Operador</option>
                    <option value="admin">Administrador</option>
                  </select>
                </td>
                <td>{dateTimeBR(u.last_login_at)}</td>
                <td>
                  <StatusBadge status={u.active ? 'active' : 'inactive'} labels={STATUS_LABEL} />
                </td>
                <td className="actions">
                  <button type="button" className="link" onClick={() => setPwFor(u)}>
                    Trocar senha
                  </button>
                  <button type="button" className="link" onClick={() => change(u, { active: !u.active })}>
                    {u.active ? 'Desativar' : 'Ativar'}
                  </button>
                  <button type="button" className="link danger" onClick={() => remove(u)}>
                    Excluir
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pwFor && <PasswordModal user={pwFor} onClose={() => setPwFor(null)} />}
    </div>
  );
}

function PasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <Modal title={`Trocar senha de ${user.email}`} onClose={onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            await patch(`/v1/users/${user.id}`, { password });
            notify('Senha alterada; as outras sessões do usuário foram encerradas.');
            onClose();
          } catch (err) {
            setError(toApiError(err));
          }
        }}
      >
        <ErrorBox error={error} fields={['password']} />
        <Field label="Nova senha" name="password" error={error}>
          <input type="password" name="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary">
            Salvar
          </button>
        </div>
      </form>
    </Modal>
  );
}
