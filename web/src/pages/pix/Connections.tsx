// Configurações → Pix (PSP): the connections to PSPs' API Pix (OAuth2 client, mTLS certificate,
// Pix key, webhook authentication, cobv/cob defaults, Pix Automático receiving account) with
// write-only secrets, "Testar conexão" step by step, "Registrar webhook novamente", "Conciliar
// agora" and each connection's recent requests to the PSP.
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, del, get, patch, post, type ApiBody } from '../../api.ts';
import { dateBR, dateTimeBR } from '../../format.ts';
import { Link } from '../../router.tsx';
import { Field, LoadError, Modal, notify, useAsync } from '../../ui.tsx';
import { FormErrors, pixError } from './errors.tsx';
import { ACCOUNT_TYPE_LABEL, TEST_STEP_LABEL, testDetail, WEBHOOK_AUTH_LABEL } from './labels.ts';
import { ExchangesLog } from './shared.tsx';
import './pix.css';

export interface PspConnection {
  id: string;
  name: string;
  base_url: string;
  token_url: string | null;
  client_id: string;
  oauth_scope: string | null;
  pix_key: string;
  collection_account_id: string | null;
  is_default: boolean;
  active: boolean;
  auto_charges: boolean;
  certificate: {
    format: string;
    subject: string | null;
    issuer: string | null;
    valid_to: string | null;
    fingerprint_sha256: string | null;
  } | null;
  client_secret_set: boolean;
  webhook_auth: string;
  webhook_hmac_header: string | null;
  webhook_proxy_header: string | null;
  webhook_url: string | null;
  webhook_registered_at: string | null;
  webhook_error: string | null;
  accept_days_after_due: number;
  cob_expiration_seconds: number;
  receiver_agency: string | null;
  receiver_account: string | null;
  receiver_account_type: string | null;
  reconciled_until: string | null;
  last_verified_at: string | null;
  last_verify_error: string | null;
  created_at: string;
  updated_at: string;
}

interface TestResult {
  ok: boolean;
  error: string | null;
  checked_at: string;
  steps: { step: string; ok: boolean; detail: string | null }[];
}

interface ReconcileResult {
  connections: number;
  listed: number;
  registered: number;
  refunds: number;
  errors: string[];
}

interface AccountLite {
  id: string;
  number: number;
  label: string | null;
  bank_code: string;
  bank_name: string;
  agency: string;
  account: string;
}

/** The form's labels, by the API field they fill: errors name the field this way. */
const LABELS: Record<string, string> = {
  name: 'Nome',
  base_url: 'URL base da API Pix',
  token_url: 'URL do token (opcional)',
  client_id: 'Client ID',
  client_secret: 'Client secret',
  oauth_scope: 'Escopos OAuth (opcional)',
  'certificate.cert_pem': 'Certificado (PEM)',
  'certificate.key_pem': 'Chave privada (PEM)',
  'certificate.key_password': 'Senha da chave privada (opcional)',
  'certificate.pfx_base64': 'Arquivo PFX (.pfx/.p12)',
  'certificate.password': 'Senha do PFX',
  certificate: 'Certificado do cliente (mTLS)',
  ca_pem: 'CA extra (opcional)',
  pix_key: 'Chave Pix',
  collection_account_id: 'Conta de cobrança',
  is_default: 'Conexão padrão',
  active: 'Conexão ativa',
  auto_charges: 'Criar cobranças Pix automaticamente',
  webhook_auth: 'Autenticação do webhook',
  webhook_hmac_secret: 'Segredo HMAC',
  webhook_hmac_header: 'Cabeçalho da assinatura HMAC',
  webhook_proxy_header: 'Cabeçalho do proxy mTLS',
  accept_days_after_due: 'Dias aceitos após o vencimento',
  cob_expiration_seconds: 'Validade do Pix imediato (segundos)',
  receiver_agency: 'Agência recebedora',
  receiver_account: 'Conta recebedora',
  receiver_account_type: 'Tipo de conta recebedora',
};

export function PspConnectionsPage() {
  const list = useAsync(() => get('/v1/psp-connections'), []);
  const accounts = useAsync(() => get('/v1/collection-accounts', { page_size: 100 }), []);
  const [editing, setEditing] = useState<PspConnection | 'new' | null>(null);
  const [reconciling, setReconciling] = useState(false);
  const [reconciled, setReconciled] = useState<ReconcileResult | null>(null);
  const accountList = accounts.data?.data ?? [];

  const reconcile = async () => {
    setReconciling(true);
    setReconciled(null);
    try {
      const r = await post('/v1/psp-connections/reconcile');
      setReconciled(r);
      notify(r.errors.length ? 'Conciliação concluída com erros.' : 'Conciliação concluída.', r.errors.length ? 'error' : 'ok');
      list.reload();
    } catch (err) {
      notify(pixError(err).message, 'error');
    } finally {
      setReconciling(false);
    }
  };

  return (
    <div>
      <div className="page-head">
        <h1>Pix (PSP)</h1>
        <div className="spacer" />
        {list.data && list.data.length > 0 && (
          <button type="button" disabled={reconciling} onClick={reconcile}>
            {reconciling ? 'Conciliando…' : 'Conciliar agora'}
          </button>
        )}
        {!list.error && (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            Nova conexão
          </button>
        )}
      </div>
      <p className="muted">
        Conexões com a API Pix do seu PSP (banco ou instituição de pagamento): o Cobre cria no PSP o Pix de cada cobrança (imediato ou com
        vencimento), recebe os pagamentos pelo webhook, concilia o que o webhook perder, faz devoluções e o Pix Automático dos contratos.
        Segredos e certificados são guardados criptografados e nunca são mostrados de novo. Os Pix recebidos estão em{' '}
        <Link className="inline-link" to="/pix-recebidos">
          Pix recebidos
        </Link>
        .
      </p>
      {reconciled && (
        <div className={'test-result ' + (reconciled.errors.length ? 'fail' : 'ok')} role="status" data-reconcile>
          Conciliação: {reconciled.connections} conexão(ões) consultada(s), {reconciled.listed} Pix listado(s) no PSP,{' '}
          {reconciled.registered} registrado(s) agora, {reconciled.refunds} devolução(ões) atualizada(s).
          {reconciled.errors.length > 0 && (
            <ul>
              {reconciled.errors.map((e, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: read-only messages, replaced whole
                <li key={i}>{e}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {list.error && <LoadError error={list.error} what="Conexões PSP" />}
      {list.data && list.data.length === 0 && (
        <div className="panel">
          <p>Nenhuma conexão PSP cadastrada. Sem ela, as cobranças levam apenas o Pix estático da conta de cobrança (se houver).</p>
        </div>
      )}
      {list.data?.map((c) => (
        <ConnectionCard key={c.id} connection={c} accounts={accountList} onEdit={() => setEditing(c)} onChanged={list.reload} />
      ))}
      {editing && (
        <ConnectionModal
          current={editing === 'new' ? null : editing}
          first={!list.data?.length}
          accounts={accountList}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            list.reload();
          }}
        />
      )}
    </div>
  );
}

function webhookState(c: PspConnection): ReactNode {
  if (c.webhook_error) return <span className="result-problem">Erro: {c.webhook_error}</span>;
  if (c.webhook_registered_at) return <span className="result-ok">Registrado em {dateTimeBR(c.webhook_registered_at)}</span>;
  return <span className="muted">Aguardando registro no PSP</span>;
}

function ConnectionCard({
  connection: c,
  accounts,
  onEdit,
  onChanged,
}: {
  connection: PspConnection;
  accounts: AccountLite[];
  onEdit: () => void;
  onChanged: () => void;
}) {
  const [test, setTest] = useState<TestResult | null>(null);
  const [busy, setBusy] = useState(false);
  const account = accounts.find((a) => a.id === c.collection_account_id);
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
    } catch (err) {
      notify(pixError(err).message, 'error');
    } finally {
      setBusy(false);
    }
  };
  const runTest = () =>
    run(async () => {
      setTest(null);
      setTest(await post(`/v1/psp-connections/${c.id}/test`));
      onChanged();
    });
  const reRegister = () =>
    run(async () => {
      await post(`/v1/psp-connections/${c.id}/register-webhook`);
      notify('Registro do webhook colocado na fila: o resultado aparece aqui em instantes.');
      onChanged();
    });
  const toggle = () =>
    run(async () => {
      await patch(`/v1/psp-connections/${c.id}`, { active: !c.active });
      notify(c.active ? 'Conexão desativada.' : 'Conexão ativada.');
      onChanged();
    });
  const remove = () => {
    if (!window.confirm(`Excluir a conexão "${c.name}"? Uma conexão que já tem cobranças Pix não pode ser excluída: desative-a.`)) return;
    run(async () => {
      await del(`/v1/psp-connections/${c.id}`);
      notify('Conexão excluída.');
      onChanged();
    });
  };
  const headId = `psp-${c.id}`;
  return (
    <section className="panel psp-connection" aria-labelledby={headId} data-connection={c.name}>
      <div className="channel-head">
        <h2 id={headId}>{c.name}</h2>
        <span className={`badge status-${c.active ? 'active' : 'inactive'}`}>{c.active ? 'Ativa' : 'Inativa'}</span>
        {c.is_default && <span className="badge">Padrão</span>}
      </div>
      <dl className="facts">
        <dt>URL da API Pix</dt>
        <dd>
          <code>{c.base_url}</code>
        </dd>
        <dt>Chave Pix</dt>
        <dd>{c.pix_key}</dd>
        <dt>Conta de cobrança</dt>
        <dd>
          {account
            ? accountLabel(account)
            : c.collection_account_id
              ? c.collection_account_id
              : 'Nenhuma (conexão usada pelas cobranças sem conta própria, se for a padrão)'}
        </dd>
        <dt>Cobranças Pix automáticas</dt>
        <dd>{c.auto_charges ? 'Sim: toda cobrança em aberto ganha um Pix no PSP' : 'Não: gere o Pix em cada cobrança'}</dd>
        <dt>Certificado</dt>
        <dd>
          {c.certificate
            ? `${c.certificate.format.toUpperCase()}${c.certificate.subject ? ` · ${c.certificate.subject}` : ''}${c.certificate.valid_to ? ` · válido até ${dateBR(c.certificate.valid_to)}` : ''}`
            : 'Sem certificado do cliente'}
        </dd>
        <dt>Webhook</dt>
        <dd data-webhook-state>
          {webhookState(c)} <small className="muted">({WEBHOOK_AUTH_LABEL[c.webhook_auth] ?? c.webhook_auth})</small>
        </dd>
        <dt>Última verificação</dt>
        <dd data-verified>
          {c.last_verified_at ? (
            <>
              {dateTimeBR(c.last_verified_at)}:{' '}
              {c.last_verify_error ? (
                <span className="result-problem">falhou ({c.last_verify_error})</span>
              ) : (
                <span className="result-ok">bem-sucedida</span>
              )}
            </>
          ) : (
            'Nunca testada'
          )}
        </dd>
        <dt>Conciliado até</dt>
        <dd>{c.reconciled_until ? dateTimeBR(c.reconciled_until) : 'Ainda não conciliado'}</dd>
      </dl>
      <div className="actions-row">
        <button type="button" className="primary" disabled={busy} onClick={runTest}>
          Testar conexão
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            // A result from before the edit says nothing about the settings saved next.
            setTest(null);
            onEdit();
          }}
        >
          Editar
        </button>
        <button type="button" disabled={busy || !c.active} onClick={reRegister}>
          Registrar webhook novamente
        </button>
        <button type="button" className="link" disabled={busy} onClick={toggle}>
          {c.active ? 'Desativar' : 'Ativar'}
        </button>
        <button type="button" className="link danger" disabled={busy} onClick={remove}>
          Excluir
        </button>
      </div>
      {busy && !test && <p className="muted">Aguardando o PSP…</p>}
      {test && (
        <div className={'test-result ' + (test.ok ? 'ok' : 'fail')} role="status" data-test-result={test.ok ? 'ok' : 'fail'}>
          <strong>{test.ok ? 'Conexão bem-sucedida.' : 'A conexão falhou.'}</strong> Testada em {dateTimeBR(test.checked_at)}.
          <ul className="test-steps">
            {test.steps.map((s, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the steps of one test in order (a step may repeat: done, then failed), replaced whole
              <li key={i} className={s.ok ? 'ok' : 'fail'}>
                {s.ok ? '✓' : '✗'} {TEST_STEP_LABEL[s.step] ?? s.step}: {s.ok ? testDetail(s.detail) : s.detail}
              </li>
            ))}
          </ul>
        </div>
      )}
      {c.webhook_url && (
        <details>
          <summary>URL do webhook registrada no PSP</summary>
          <p className="muted">Contém um token secreto: informe-a só ao PSP ou ao proxy TLS.</p>
          <code style={{ wordBreak: 'break-all' }}>{c.webhook_url}</code>
        </details>
      )}
      <ExchangesLog path={`/v1/psp-connections/${c.id}/exchanges`} title="Requisições recentes ao PSP" />
    </section>
  );
}

function accountLabel(a: AccountLite): string {
  return `${a.label ? `${a.label} · ` : ''}${a.bank_code} — ${a.bank_name} · ag. ${a.agency} / conta ${a.account}`;
}

type CertMode = 'keep' | 'pem' | 'pfx' | 'none';

interface Form {
  name: string;
  base_url: string;
  token_url: string;
  client_id: string;
  client_secret: string;
  oauth_scope: string;
  cert_mode: CertMode;
  cert_pem: string;
  key_pem: string;
  key_password: string;
  pfx_base64: string;
  pfx_name: string;
  pfx_password: string;
  ca_pem: string;
  remove_ca: boolean;
  pix_key: string;
  collection_account_id: string;
  is_default: boolean;
  active: boolean;
  auto_charges: boolean;
  webhook_auth: string;
  webhook_hmac_secret: string;
  webhook_hmac_header: string;
  webhook_proxy_header: string;
  accept_days_after_due: string;
  cob_expiration_seconds: string;
  receiver_agency: string;
  receiver_account: string;
  receiver_account_type: string;
}

function formFrom(c: PspConnection | null, first = false): Form {
  return {
    name: c?.name ?? '',
    base_url: c?.base_url ?? '',
    token_url: c?.token_url ?? '',
    client_id: c?.client_id ?? '',
    client_secret: '',
    oauth_scope: c?.oauth_scope ?? '',
    cert_mode: c ? 'keep' : 'pem',
    cert_pem: '',
    key_pem: '',
    key_password: '',
    pfx_base64: '',
    pfx_name: '',
    pfx_password: '',
    ca_pem: '',
    remove_ca: false,
    pix_key: c?.pix_key ?? '',
    collection_account_id: c?.collection_account_id ?? '',
    is_default: c?.is_default ?? first,
    active: c?.active ?? true,
    auto_charges: c?.auto_charges ?? true,
    webhook_auth: c?.webhook_auth ?? 'path_token',
    webhook_hmac_secret: '',
    webhook_hmac_header: c?.webhook_hmac_header ?? '',
    webhook_proxy_header: c?.webhook_proxy_header ?? '',
    accept_days_after_due: String(c?.accept_days_after_due ?? 30),
    cob_expiration_seconds: String(c?.cob_expiration_seconds ?? 86400),
    receiver_agency: c?.receiver_agency ?? '',
    receiver_account: c?.receiver_account ?? '',
    receiver_account_type: c?.receiver_account_type ?? '',
  };
}

/** A whole number typed as text → number; anything else goes as typed, for the API to name. */
const int = (s: string): number | string => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : s.trim());
const orNull = (s: string) => (s.trim() ? s.trim() : null);

function bodyFrom(f: Form, current: PspConnection | null): Record<string, unknown> {
  const all: Record<string, unknown> = {
    name: f.name.trim(),
    base_url: f.base_url.trim(),
    token_url: orNull(f.token_url),
    client_id: f.client_id.trim(),
    oauth_scope: orNull(f.oauth_scope),
    pix_key: f.pix_key.trim(),
    collection_account_id: f.collection_account_id || null,
    is_default: f.is_default,
    active: f.active,
    auto_charges: f.auto_charges,
    webhook_auth: f.webhook_auth,
    webhook_hmac_header: f.webhook_auth === 'hmac' ? orNull(f.webhook_hmac_header) : (current?.webhook_hmac_header ?? null),
    webhook_proxy_header: f.webhook_auth === 'mtls_proxy' ? orNull(f.webhook_proxy_header) : (current?.webhook_proxy_header ?? null),
    accept_days_after_due: int(f.accept_days_after_due),
    cob_expiration_seconds: int(f.cob_expiration_seconds),
    receiver_agency: orNull(f.receiver_agency),
    receiver_account: orNull(f.receiver_account),
    receiver_account_type: f.receiver_account_type || null,
  };
  // An edit sends only what changed: a change of URL, client, certificate or key registers the webhook again.
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(all)) if (!current || (current as unknown as Record<string, unknown>)[k] !== v) body[k] = v;
  if (f.client_secret) body.client_secret = f.client_secret;
  else if (!current) body.client_secret = '';
  if (f.cert_mode === 'pem')
    body.certificate = {
      format: 'pem',
      cert_pem: f.cert_pem,
      key_pem: f.key_pem,
      ...(f.key_password ? { key_password: f.key_password } : {}),
    };
  else if (f.cert_mode === 'pfx') body.certificate = { format: 'pfx', pfx_base64: f.pfx_base64, password: f.pfx_password };
  else if (f.cert_mode === 'none') body.certificate = null;
  if (f.ca_pem.trim()) body.ca_pem = f.ca_pem.trim() + '\n';
  else if (current && f.remove_ca) body.ca_pem = null;
  if (f.webhook_auth === 'hmac' && f.webhook_hmac_secret) body.webhook_hmac_secret = f.webhook_hmac_secret;
  return body;
}

function base64Of(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function ConnectionModal({
  current,
  first,
  accounts,
  onClose,
  onDone,
}: {
  current: PspConnection | null;
  first: boolean;
  accounts: AccountLite[];
  onClose: () => void;
  onDone: () => void;
}) {
  // The first connection is the default one unless the clerk says otherwise.
  const [f, setF] = useState<Form>(() => formFrom(current, first));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setF((old) => ({ ...old, [k]: v }));
  const text = (k: keyof Form) => (e: { target: { value: string } }) => set(k, e.target.value as never);

  const certError =
    error?.details
      .filter((d) => d.field === 'certificate')
      .map((d) => d.issue)
      .join('; ') || null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    // The certificate is one of two shapes: the API's answer to a missing part lists both shapes'
    // fields, so the parts are checked here and named as the form shows them.
    const missing: { field: string; issue: string }[] = [];
    if (f.cert_mode === 'pem') {
      if (!f.cert_pem.trim()) missing.push({ field: 'certificate.cert_pem', issue: 'é obrigatório' });
      if (!f.key_pem.trim()) missing.push({ field: 'certificate.key_pem', issue: 'é obrigatório' });
    } else if (f.cert_mode === 'pfx') {
      if (!f.pfx_base64) missing.push({ field: 'certificate.pfx_base64', issue: 'escolha o arquivo' });
    }
    if (missing.length) return setError(new ApiError(400, 'validation_failed', '', missing, null));
    setBusy(true);
    try {
      const body = bodyFrom(f, current);
      if (current) {
        if (Object.keys(body).length) await patch(`/v1/psp-connections/${current.id}`, body);
        notify('Conexão PSP salva.');
      } else {
        // bodyFrom gives every field of a new connection (the required ones checked above).
        await post('/v1/psp-connections', body as ApiBody<'POST', '/v1/psp-connections'>);
        notify('Conexão PSP criada. O webhook será registrado no PSP em segundo plano.');
      }
      onDone();
    } catch (err) {
      setError(pixError(err));
    } finally {
      setBusy(false);
    }
  };

  const field = (name: string, input: ReactNode, hint?: string, label = LABELS[name]) => (
    <Field label={label} name={name} error={error} hint={hint}>
      {input}
    </Field>
  );
  const input = (k: keyof Form, name: string = k, extra: Record<string, unknown> = {}) => (
    <input name={name} value={String(f[k])} onChange={text(k)} autoComplete="off" {...extra} />
  );
  const pemArea = (k: 'cert_pem' | 'key_pem' | 'ca_pem', name: string, placeholder: string) => (
    <>
      <textarea name={name} className="code" rows={4} value={f[k]} onChange={text(k)} placeholder={placeholder} spellCheck={false} />
      <input
        type="file"
        aria-label={`Carregar arquivo: ${LABELS[name]}`}
        accept=".pem,.crt,.cer,.key,text/plain"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          if (file) set(k, await file.text());
        }}
      />
    </>
  );

  return (
    <Modal title={current ? `Editar conexão PSP: ${current.name}` : 'Nova conexão PSP'} onClose={onClose} wide>
      <form onSubmit={submit} noValidate>
        <FormErrors error={error} labels={LABELS} />
        <div className="form-grid">
          <div className="form-section-title">PSP</div>
          {field('name', input('name', 'name', { placeholder: 'Ex.: Banco X — Pix' }))}
          {field(
            'base_url',
            input('base_url', 'base_url', { placeholder: 'https://pix.seupsp.com.br/api/v2', inputMode: 'url' }),
            'O endereço da API Pix informado pelo PSP',
          )}
          {field('token_url', input('token_url', 'token_url', { inputMode: 'url' }), 'Vazio: URL base + /oauth/token')}
          {field('client_id', input('client_id'))}
          {field(
            'client_secret',
            <input
              type="password"
              name="client_secret"
              autoComplete="new-password"
              value={f.client_secret}
              onChange={text('client_secret')}
              placeholder={current ? '•••••••• (definido)' : ''}
            />,
            current ? 'Deixe em branco para manter o atual.' : undefined,
          )}
          {field('oauth_scope', input('oauth_scope'), 'Só se o PSP pedir (separados por espaço)')}

          <div className="form-section-title">Certificado do cliente (mTLS)</div>
          {/* Only the certificate's own errors here: those of its parts are shown next to them. */}
          <label className={'field' + (certError ? ' has-error' : '')} data-field="certificate">
            <span className="label">Formato do certificado</span>
            <select name="cert_mode" value={f.cert_mode} onChange={(e) => set('cert_mode', e.target.value as CertMode)}>
              {current && <option value="keep">Manter o certificado atual</option>}
              <option value="pem">PEM (certificado e chave)</option>
              <option value="pfx">PFX / P12 (arquivo com senha)</option>
              <option value="none">{current ? 'Remover o certificado' : 'Sem certificado do cliente'}</option>
            </select>
            {certError && <span className="field-error">{certError}</span>}
          </label>
          {f.cert_mode === 'pem' && (
            <>
              <div className="wide-field">
                {field('certificate.cert_pem', pemArea('cert_pem', 'certificate.cert_pem', '-----BEGIN CERTIFICATE-----'))}
              </div>
              <div className="wide-field">
                {field('certificate.key_pem', pemArea('key_pem', 'certificate.key_pem', '-----BEGIN PRIVATE KEY-----'))}
              </div>
              {field(
                'certificate.key_password',
                <input
                  type="password"
                  name="certificate.key_password"
                  autoComplete="new-password"
                  value={f.key_password}
                  onChange={text('key_password')}
                />,
              )}
            </>
          )}
          {f.cert_mode === 'pfx' && (
            <>
              {field(
                'certificate.pfx_base64',
                <input
                  type="file"
                  name="certificate.pfx_base64"
                  accept=".pfx,.p12,application/x-pkcs12"
                  onChange={async (e) => {
                    const file = e.target.files?.[0];
                    if (!file) return;
                    const b64 = base64Of(await file.arrayBuffer());
                    setF((old) => ({ ...old, pfx_base64: b64, pfx_name: file.name }));
                  }}
                />,
                f.pfx_name ? `Arquivo escolhido: ${f.pfx_name}` : undefined,
              )}
              {field(
                'certificate.password',
                <input
                  type="password"
                  name="certificate.password"
                  autoComplete="new-password"
                  value={f.pfx_password}
                  onChange={text('pfx_password')}
                />,
              )}
            </>
          )}
          <div className="wide-field">
            {field(
              'ca_pem',
              pemArea('ca_pem', 'ca_pem', '-----BEGIN CERTIFICATE-----'),
              current
                ? 'Deixe em branco para manter a atual. Só para PSP com certificado de servidor de uma CA privada.'
                : 'Só para PSP com certificado de servidor de uma CA privada.',
            )}
            {current && (
              <label className="check">
                <input type="checkbox" name="remove_ca" checked={f.remove_ca} onChange={(e) => set('remove_ca', e.target.checked)} />{' '}
                Remover a CA extra
              </label>
            )}
          </div>

          <div className="form-section-title">Recebimento</div>
          {field('pix_key', input('pix_key'), 'CPF, CNPJ, e-mail, telefone +55 ou chave aleatória cadastrada no PSP')}
          {field(
            'collection_account_id',
            <select name="collection_account_id" value={f.collection_account_id} onChange={text('collection_account_id')}>
              <option value="">Nenhuma</option>
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {accountLabel(a)}
                </option>
              ))}
            </select>,
            'As cobranças com boleto nesta conta usam esta conexão',
          )}
          {field(
            'accept_days_after_due',
            input('accept_days_after_due', 'accept_days_after_due', { inputMode: 'numeric' }),
            'Por quantos dias depois do vencimento o Pix com vencimento aceita pagamento',
          )}
          {field(
            'cob_expiration_seconds',
            input('cob_expiration_seconds', 'cob_expiration_seconds', { inputMode: 'numeric' }),
            'Validade do Pix imediato (cobrança vencida ou do dia): 86400 = 24 horas',
          )}
          <div className="wide-field">
            <label className="check">
              <input type="checkbox" name="is_default" checked={f.is_default} onChange={(e) => set('is_default', e.target.checked)} />{' '}
              {LABELS.is_default} (usada pelas cobranças cuja conta não tem conexão)
            </label>
            <label className="check">
              <input type="checkbox" name="auto_charges" checked={f.auto_charges} onChange={(e) => set('auto_charges', e.target.checked)} />{' '}
              {LABELS.auto_charges} (toda cobrança em aberto ganha um Pix no PSP)
            </label>
            <label className="check">
              <input type="checkbox" name="active" checked={f.active} onChange={(e) => set('active', e.target.checked)} /> {LABELS.active}
            </label>
          </div>

          <div className="form-section-title">Webhook do PSP</div>
          {field(
            'webhook_auth',
            <select name="webhook_auth" value={f.webhook_auth} onChange={text('webhook_auth')}>
              {Object.entries(WEBHOOK_AUTH_LABEL).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>,
            'Além do token secreto que vai na URL do webhook',
          )}
          {f.webhook_auth === 'hmac' && (
            <>
              {field(
                'webhook_hmac_secret',
                <input
                  type="password"
                  name="webhook_hmac_secret"
                  autoComplete="new-password"
                  value={f.webhook_hmac_secret}
                  onChange={text('webhook_hmac_secret')}
                />,
                current?.webhook_auth === 'hmac' ? 'Deixe em branco para manter o atual.' : 'Pelo menos 16 caracteres, combinado com o PSP',
              )}
              {field(
                'webhook_hmac_header',
                input('webhook_hmac_header', 'webhook_hmac_header', { placeholder: 'x-pix-signature' }),
                'Vazio: x-pix-signature',
              )}
            </>
          )}
          {f.webhook_auth === 'mtls_proxy' &&
            field(
              'webhook_proxy_header',
              input('webhook_proxy_header', 'webhook_proxy_header', { placeholder: 'x-ssl-client-verify' }),
              'O cabeçalho que o proxy TLS põe como SUCCESS; vazio: x-ssl-client-verify',
            )}

          <div className="form-section-title">Pix Automático: conta recebedora no PSP</div>
          {field('receiver_agency', input('receiver_agency', 'receiver_agency', { inputMode: 'numeric', maxLength: 4 }))}
          {field('receiver_account', input('receiver_account', 'receiver_account', { inputMode: 'numeric' }))}
          {field(
            'receiver_account_type',
            <select name="receiver_account_type" value={f.receiver_account_type} onChange={text('receiver_account_type')}>
              <option value="">Não informado</option>
              {Object.entries(ACCOUNT_TYPE_LABEL).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>,
          )}
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Salvando…' : current ? 'Salvar alterações' : 'Criar conexão'}
          </button>
          <button type="button" onClick={onClose}>
            Cancelar
          </button>
        </div>
      </form>
    </Modal>
  );
}
