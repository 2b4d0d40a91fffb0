// Configurações → Notificações: the channels (E-mail/SMTP, SMS/Zenvia, WhatsApp Cloud API) with
// write-only secrets and "Testar conexão", which channels send the charge and the receipt, the
// boleto PDF attachment, and the addresses that bounced.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { type ApiBody, type ApiError, del, get, patch, post, put } from '../../api.ts';
import { dateTimeBR } from '../../format.ts';
import { EmptyRow, ErrorBox, Field, LoadError, notify, runAction, toApiError, useAsync } from '../../ui.tsx';
import { CHANNEL_LABEL, CHANNELS, type ChannelKind } from './labels.ts';
import '../../notifications.css';

export interface ChannelView {
  channel: ChannelKind;
  provider: string;
  settings: Record<string, unknown>;
  secret_set: boolean;
  active: boolean;
  last_verified_at: string | null;
  last_verify_error: string | null;
  updated_at: string;
}

interface NoticeSettings {
  charge_created_channels: ChannelKind[];
  paid_receipt_channels: ChannelKind[];
  attach_boleto_pdf: boolean;
  updated_at: string | null;
}

const PROVIDER: Record<ChannelKind, ApiBody<'PUT', '/v1/notification-channels/{channel}'>['provider']> = {
  email: 'smtp',
  sms: 'zenvia',
  whatsapp: 'whatsapp_cloud',
};
const TITLE: Record<ChannelKind, string> = { email: 'E-mail (SMTP)', sms: 'SMS (Zenvia)', whatsapp: 'WhatsApp (Cloud API da Meta)' };
const SECRET_FIELD: Record<ChannelKind, { key: string; label: string }> = {
  email: { key: 'password', label: 'Senha SMTP' },
  sms: { key: 'password', label: 'Senha da API Zenvia' },
  whatsapp: { key: 'access_token', label: 'Token de acesso' },
};

export function NotificationsPage() {
  const list = useAsync(() => get('/v1/notification-channels'), []);
  return (
    <div>
      <h1>Notificações</h1>
      <p className="muted">
        Canais pelos quais o Cobre envia cobranças, lembretes e recibos aos pagadores. Senhas e tokens são guardados criptografados e nunca
        são mostrados de novo.
      </p>
      {list.error && <LoadError error={list.error} what="Canais de notificação" />}
      {list.data && (
        <div className="channel-cards">
          {CHANNELS.map((c) => (
            <ChannelCard key={c} channel={c} current={list.data!.find((x) => x.channel === c) ?? null} onChanged={list.reload} />
          ))}
        </div>
      )}
      <NoticeSettingsPanel />
      <InvalidAddresses />
    </div>
  );
}

type Form = Record<string, string | boolean>;

function formFrom(channel: ChannelKind, cur: ChannelView | null): Form {
  const s = (cur?.settings ?? {}) as Record<string, unknown>;
  const str = (k: string, d = '') => (s[k] === undefined || s[k] === null ? d : String(s[k]));
  if (channel === 'email') {
    const tls = s.secure === true ? 'implicit' : str('starttls', 'required');
    return {
      host: str('host'),
      port: str('port', '587'),
      tls,
      username: str('username'),
      from_email: str('from_email'),
      from_name: str('from_name'),
      reply_to: str('reply_to'),
      secret: '',
      active: cur?.active ?? true,
    };
  }
  if (channel === 'sms') return { account: str('account'), from: str('from'), secret: '', active: cur?.active ?? true };
  return { phone_number_id: str('phone_number_id'), secret: '', active: cur?.active ?? true };
}

function settingsFrom(channel: ChannelKind, f: Form): Record<string, unknown> {
  const t = (k: string) => String(f[k] ?? '').trim();
  const orNull = (k: string) => t(k) || null;
  if (channel === 'email') {
    const port = Number(t('port'));
    return {
      host: t('host'),
      port: Number.isInteger(port) && t('port') !== '' ? port : t('port'),
      secure: f.tls === 'implicit',
      ...(f.tls === 'implicit' ? {} : { starttls: f.tls }),
      from_email: t('from_email'),
      from_name: orNull('from_name'),
      reply_to: orNull('reply_to'),
      username: orNull('username'),
    };
  }
  if (channel === 'sms') return { account: t('account'), from: orNull('from') };
  return { phone_number_id: t('phone_number_id') };
}

function ChannelCard({ channel, current, onChanged }: { channel: ChannelKind; current: ChannelView | null; onChanged: () => void }) {
  const [form, setForm] = useState<Form>(() => formFrom(channel, current));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [test, setTest] = useState<{ ok: boolean; error: string | null; checked_at: string } | null>(null);
  const version = current?.updated_at ?? '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form is reset only when the saved channel changes (`version`), not while being edited
  useEffect(() => setForm(formFrom(channel, current)), [version]);
  const set = (k: string) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const secret = SECRET_FIELD[channel];

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const typed = String(form.secret ?? '');
      await put(`/v1/notification-channels/${channel}`, {
        provider: PROVIDER[channel],
        settings: settingsFrom(channel, form),
        ...(typed ? { secret: { [secret.key]: typed } } : {}),
        active: !!form.active,
      });
      notify(`Canal ${CHANNEL_LABEL[channel]} salvo.`);
      setTest(null);
      onChanged();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const runTest = async () => {
    setBusy(true);
    setTest(null);
    try {
      setTest(await post(`/v1/notification-channels/${channel}/test`));
      onChanged();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const toggle = () =>
    runAction(
      () =>
        put(`/v1/notification-channels/${channel}`, { provider: PROVIDER[channel], settings: current!.settings, active: !current!.active }),
      {
        done: current!.active ? `Canal ${CHANNEL_LABEL[channel]} desativado.` : `Canal ${CHANNEL_LABEL[channel]} ativado.`,
        after: onChanged,
      },
    );
  const remove = () =>
    runAction(() => del(`/v1/notification-channels/${channel}`), {
      confirm: `Remover a configuração do canal ${CHANNEL_LABEL[channel]}? As mensagens na fila deste canal vão falhar.`,
      done: 'Canal removido.',
      after: onChanged,
    });

  const f = (name: string, label: string, input: ReactNode, hint?: string) => (
    <Field label={label} name={`settings.${name}`} error={error} hint={hint}>
      {input}
    </Field>
  );
  const text = (name: string, extra: Record<string, unknown> = {}) => (
    <input name={name} value={String(form[name] ?? '')} onChange={set(name)} {...extra} />
  );

  return (
    <section className="panel" data-channel={channel} aria-labelledby={`ch-${channel}`}>
      <div className="channel-head">
        <h2 id={`ch-${channel}`}>{TITLE[channel]}</h2>
        {current ? (
          <span className={`badge status-${current.active ? 'active' : 'inactive'}`}>{current.active ? 'Ativo' : 'Inativo'}</span>
        ) : (
          <span className="badge status-inactive">Não configurado</span>
        )}
      </div>
      <form onSubmit={save}>
        <ErrorBox error={error} fields={['settings', 'secret', 'provider']} />
        {channel === 'email' && (
          <>
            {f('host', 'Servidor SMTP', text('host', { placeholder: 'smtp.seuprovedor.com.br', autoComplete: 'off' }))}
            {f('port', 'Porta', text('port', { inputMode: 'numeric' }), '587 (STARTTLS) ou 465 (TLS)')}
            {f(
              'secure',
              'Segurança (TLS)',
              <select name="tls" value={String(form.tls)} onChange={set('tls')}>
                <option value="required">STARTTLS obrigatório (porta 587)</option>
                <option value="implicit">TLS desde a conexão (porta 465)</option>
                <option value="opportunistic">STARTTLS quando o servidor oferecer</option>
                <option value="never">Sem criptografia (só servidor interno confiável)</option>
              </select>,
            )}
            {f('username', 'Usuário', text('username', { autoComplete: 'off' }), 'Vazio: servidor que não pede login')}
            <SecretInput
              label={secret.label}
              set={current?.secret_set ?? false}
              value={String(form.secret)}
              onChange={(v) => setForm({ ...form, secret: v })}
              error={error}
            />
            {f('from_email', 'E-mail do remetente', text('from_email', { type: 'email', placeholder: 'cobranca@suaempresa.com.br' }))}
            {f('from_name', 'Nome do remetente', text('from_name'))}
            {f('reply_to', 'Responder para (opcional)', text('reply_to', { type: 'email' }))}
          </>
        )}
        {channel === 'sms' && (
          <>
            {f('account', 'Conta da API', text('account', { placeholder: 'empresa.api', autoComplete: 'off' }))}
            <SecretInput
              label={secret.label}
              set={current?.secret_set ?? false}
              value={String(form.secret)}
              onChange={(v) => setForm({ ...form, secret: v })}
              error={error}
            />
            {f('from', 'Remetente (opcional)', text('from', { maxLength: 20 }), 'Aparece antes do texto e conta no tamanho do SMS')}
          </>
        )}
        {channel === 'whatsapp' && (
          <>
            {f(
              'phone_number_id',
              'ID do número (phone_number_id)',
              text('phone_number_id', { inputMode: 'numeric', autoComplete: 'off' }),
              'O identificador do número na conta WhatsApp Business, não o telefone',
            )}
            <SecretInput
              label={secret.label}
              set={current?.secret_set ?? false}
              value={String(form.secret)}
              onChange={(v) => setForm({ ...form, secret: v })}
              error={error}
            />
          </>
        )}
        <label className="check">
          <input type="checkbox" name="active" checked={!!form.active} onChange={(e) => setForm({ ...form, active: e.target.checked })} />{' '}
          Canal ativo
        </label>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            Salvar
          </button>
          <button type="button" disabled={busy || !current} onClick={runTest}>
            Testar conexão
          </button>
          {current && (
            <button type="button" className="link" onClick={toggle}>
              {current.active ? 'Desativar' : 'Ativar'}
            </button>
          )}
          {current && (
            <button type="button" className="link danger" onClick={remove}>
              Remover
            </button>
          )}
        </div>
      </form>
      {test && (
        <div className={'test-result ' + (test.ok ? 'ok' : 'fail')} role="status">
          {test.ok ? 'Conexão bem-sucedida: o provedor aceitou as credenciais.' : `A conexão falhou: ${test.error ?? 'erro desconhecido'}`}
        </div>
      )}
      {!test && current?.last_verified_at && (
        <p className="muted">
          Último teste em {dateTimeBR(current.last_verified_at)}:{' '}
          {current.last_verify_error ? `falhou (${current.last_verify_error})` : 'bem-sucedido'}.
        </p>
      )}
    </section>
  );
}

function SecretInput({
  label,
  set,
  value,
  onChange,
  error,
}: {
  label: string;
  set: boolean;
  value: string;
  onChange: (v: string) => void;
  error: ApiError | null;
}) {
  return (
    <Field label={label} name="secret" error={error} hint={set ? 'Definida. Deixe em branco para manter a atual.' : 'Não definida.'}>
      <input
        type="password"
        name="secret"
        autoComplete="new-password"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={set ? '•••••••• (definida)' : 'não definida'}
      />
    </Field>
  );
}

function ChannelChecks({
  legend,
  value,
  onChange,
  name,
}: {
  legend: string;
  value: ChannelKind[];
  onChange: (v: ChannelKind[]) => void;
  name: string;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div className="channel-checks">
        {CHANNELS.map((c) => (
          <label key={c} className="check">
            <input
              type="checkbox"
              name={`${name}-${c}`}
              checked={value.includes(c)}
              onChange={(e) => onChange(e.target.checked ? [...value, c] : value.filter((x) => x !== c))}
            />{' '}
            {CHANNEL_LABEL[c]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function NoticeSettingsPanel() {
  const loaded = useAsync(() => get('/v1/notification-settings'), []);
  const [form, setForm] = useState<NoticeSettings | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => setForm(loaded.data), [loaded.data]);
  if (loaded.error) return <LoadError error={loaded.error} what="Envio automático" />;
  if (!form) return null;
  return (
    <form
      className="panel"
      aria-labelledby="notice-settings"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          setForm(
            await patch('/v1/notification-settings', {
              charge_created_channels: form.charge_created_channels,
              paid_receipt_channels: form.paid_receipt_channels,
              attach_boleto_pdf: form.attach_boleto_pdf,
            }),
          );
          notify('Envio automático salvo.');
        } catch (err) {
          setError(toApiError(err));
        }
      }}
    >
      <h2 id="notice-settings">Envio automático</h2>
      <ErrorBox error={error} />
      <div className="two-cols">
        <ChannelChecks
          legend="Enviar a cobrança quando ela é criada por"
          name="charge_created"
          value={form.charge_created_channels}
          onChange={(v) => setForm({ ...form, charge_created_channels: v })}
        />
        <ChannelChecks
          legend="Enviar o recibo quando a cobrança é paga por"
          name="paid_receipt"
          value={form.paid_receipt_channels}
          onChange={(v) => setForm({ ...form, paid_receipt_channels: v })}
        />
      </div>
      <label className="check">
        <input
          type="checkbox"
          name="attach_boleto_pdf"
          checked={form.attach_boleto_pdf}
          onChange={(e) => setForm({ ...form, attach_boleto_pdf: e.target.checked })}
        />{' '}
        Anexar o PDF do boleto aos e-mails de cobranças em aberto
      </label>
      <p className="muted">Os lembretes antes e depois do vencimento seguem a régua de cobrança (Configurações → Régua de cobrança).</p>
      <div className="form-actions">
        <button type="submit" className="primary">
          Salvar envio automático
        </button>
      </div>
    </form>
  );
}

function InvalidAddresses() {
  const list = useAsync(() => get('/v1/notification-invalid-addresses'), []);
  if (list.error) return <LoadError error={list.error} what="Endereços devolvidos" />;
  if (!list.data) return null;
  return (
    <section aria-labelledby="invalid-addresses">
      <h2 id="invalid-addresses">Endereços devolvidos</h2>
      <p className="muted">
        Endereços que o provedor recusou. Não são mais usados até serem liberados (corrija o cadastro do cliente antes).
      </p>
      <table className="grid">
        <thead>
          <tr>
            <th>Canal</th>
            <th>Endereço</th>
            <th>Motivo</th>
            <th>Quando</th>
            <th>
              <span className="sr-only">Ações</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.data.length === 0 && <EmptyRow colSpan={5}>Nenhum endereço devolvido.</EmptyRow>}
          {list.data.map((a) => (
            <tr key={`${a.channel}:${a.address}`}>
              <td>{CHANNEL_LABEL[a.channel] ?? a.channel}</td>
              <td>{a.address}</td>
              <td>{a.reason ?? '—'}</td>
              <td>{dateTimeBR(a.created_at)}</td>
              <td className="actions">
                <button
                  type="button"
                  className="link"
                  onClick={() =>
                    runAction(
                      () => del(`/v1/notification-invalid-addresses/${encodeURIComponent(a.channel)}/${encodeURIComponent(a.address)}`),
                      { done: 'Endereço liberado.', after: list.reload },
                    )
                  }
                >
                  Liberar
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
