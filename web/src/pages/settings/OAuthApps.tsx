// Configurações → Aplicativos OAuth: the consent that lets a program (an ERP, a TOConline client)
// act on the company's live data or its sandbox through OAuth, with its client id and secret.
import { useState, type FormEvent } from 'react';
import { type ApiError, get, post } from '../../api.ts';
import { dateTimeBR } from '../../format.ts';
import { useSession } from '../../session.ts';
import { ErrorBox, Field, LoadError, runAction, toApiError, useAsync } from '../../ui.tsx';
import { RevocableCells, SecretShownOnce } from '../../components/Credentials.tsx';

interface OAuthApp {
  id: string;
  client_id: string;
  name: string;
  mode: 'live' | 'test';
  redirect_uris: string[];
  created_at: string;
  revoked_at: string | null;
}

const MODE_LABEL = { live: 'Produção (dados reais)', test: 'Sandbox (teste)' } as const;

export function OAuthAppsPage() {
  const { session } = useSession();
  const apps = useAsync(() => get('/v1/oauth-clients'), []);
  const [name, setName] = useState('');
  const [mode, setMode] = useState<'live' | 'test'>(session.mode);
  const [redirects, setRedirects] = useState('');
  const [consent, setConsent] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<(OAuthApp & { client_secret: string }) | null>(null);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const redirect_uris = redirects
        .split(/\s+/)
        .map((u) => u.trim())
        .filter(Boolean);
      setCreated(await post('/v1/oauth-clients', { name: name.trim(), mode, redirect_uris }));
      setName('');
      setRedirects('');
      setConsent(false);
      apps.reload();
    } catch (err) {
      setError(toApiError(err));
    }
  };
  const revoke = (a: OAuthApp) =>
    runAction(() => post(`/v1/oauth-clients/${a.id}/revoke`), {
      confirm: `Revogar o aplicativo “${a.name}”? Os acessos que ele recebeu deixam de funcionar imediatamente.`,
      done: 'Aplicativo revogado.',
      after: apps.reload,
    });
  const origin = window.location.origin;
  return (
    <div>
      <h1>Aplicativos OAuth</h1>
      <p className="muted">
        Um programa que usa OAuth (por exemplo, um cliente da API TOConline) pede acesso em <code>{origin}/oauth/auth</code> e troca o
        código em <code>{origin}/oauth/token</code> (também em <code>/toconline/oauth/…</code>). Cadastrar o aplicativo aqui é a autorização
        da empresa.
      </p>
      <form className="panel" onSubmit={create} aria-labelledby="oauth-new-title">
        <h2 id="oauth-new-title">Autorizar um aplicativo</h2>
        <ErrorBox error={error} fields={['name', 'mode', 'redirect_uris']} />
        <Field label="Nome do aplicativo" name="name" error={error}>
          <input name="name" required value={name} onChange={(e) => setName(e.target.value)} placeholder="ERP, integração TOConline…" />
        </Field>
        <Field label="Dados que o aplicativo acessa" name="mode" error={error}>
          <select name="mode" value={mode} onChange={(e) => setMode(e.target.value as 'live' | 'test')}>
            {session.mode === 'live' && <option value="live">{MODE_LABEL.live}</option>}
            <option value="test">{MODE_LABEL.test}</option>
          </select>
        </Field>
        <Field
          label="Endereços de retorno (um por linha; em branco aceita qualquer endereço http ou https)"
          name="redirect_uris"
          error={error}
        >
          <textarea
            name="redirect_uris"
            rows={2}
            value={redirects}
            onChange={(e) => setRedirects(e.target.value)}
            placeholder="https://erp.exemplo.com.br/oauth/callback"
          />
        </Field>
        <label className="checkbox">
          <input type="checkbox" name="consent" required checked={consent} onChange={(e) => setConsent(e.target.checked)} />
          Autorizo este aplicativo a ler e alterar os dados da empresa ({mode === 'live' ? 'produção' : 'sandbox'}) até que eu o revogue.
        </label>
        <div className="form-actions">
          <button type="submit" className="primary">
            Autorizar aplicativo
          </button>
        </div>
      </form>
      {created && (
        <SecretShownOnce title="Aplicativo autorizado" what="o segredo" secret={created.client_secret} onClose={() => setCreated(null)}>
          <dl className="facts">
            <dt>client_id</dt>
            <dd>
              <code data-client-id>{created.client_id}</code>
            </dd>
            <dt>client_secret</dt>
            <dd>
              <pre className="secret" data-secret>
                {created.client_secret}
              </pre>
            </dd>
          </dl>
        </SecretShownOnce>
      )}
      {apps.error && <LoadError error={apps.error} what="Aplicativos OAuth" />}
      {apps.data && apps.data.data.length === 0 && <p>Nenhum aplicativo autorizado.</p>}
      {apps.data && apps.data.data.length > 0 && (
        <table className="grid">
          <thead>
            <tr>
              <th>Nome</th>
              <th>client_id</th>
              <th>Dados</th>
              <th>Endereços de retorno</th>
              <th>Autorizado em</th>
              <th>Situação</th>
              <th>
                <span className="sr-only">Ações</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {apps.data.data.map((a) => (
              <tr key={a.id}>
                <td>{a.name}</td>
                <td>
                  <code>{a.client_id}</code>
                </td>
                <td>{a.mode === 'live' ? 'Produção' : 'Sandbox'}</td>
                <td>{a.redirect_uris.length ? a.redirect_uris.join(', ') : 'Qualquer'}</td>
                <td>{dateTimeBR(a.created_at)}</td>
                <RevocableCells revokedAt={a.revoked_at} feminine={false} onRevoke={() => revoke(a)} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
