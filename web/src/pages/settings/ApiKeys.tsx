// Configurações → Chaves de API.
import { useState, type FormEvent } from 'react';
import { ApiError, get, post } from '../../api.ts';
import { dateTimeBR } from '../../format.ts';
import { useSession } from '../../session.ts';
import { ErrorBox, Field, LoadError, Modal, notify, toApiError, runAction, useAsync } from '../../ui.tsx';

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

