// Configurações → Chaves de API.
import { useState, type FormEvent } from 'react';
import { type ApiError, get, post } from '../../api.ts';
import { dateTimeBR } from '../../format.ts';
import { useSession } from '../../session.ts';
import { ErrorBox, Field, LoadError, toApiError, runAction, useAsync } from '../../ui.tsx';
import { RevocableCells, SecretShownOnce } from '../../components/Credentials.tsx';

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
  const keys = useAsync(() => get('/v1/api-keys'), []);
  const [name, setName] = useState('');
  const [mode, setMode] = useState<'live' | 'test'>(session.mode);
  const [error, setError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<(ApiKey & { secret: string }) | null>(null);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setCreated(await post('/v1/api-keys', { name: name.trim() || undefined, mode }));
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
      after: keys.reload,
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
        <SecretShownOnce title="Chave criada" what="a chave" secret={created.secret} onClose={() => setCreated(null)}>
          <pre className="secret" data-secret>
            {created.secret}
          </pre>
        </SecretShownOnce>
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
              <th>
                <span className="sr-only">Ações</span>
              </th>
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
                <RevocableCells revokedAt={k.revoked_at} feminine onRevoke={() => revoke(k)} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
