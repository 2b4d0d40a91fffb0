// Configurações → Usuários.
import { useState, type FormEvent } from 'react';
import { type ApiBody, type ApiError, del, get, patch, post } from '../../api.ts';
import { dateTimeBR, STATUS_LABEL } from '../../format.ts';
import { useSession } from '../../session.ts';
import { ErrorBox, Field, LoadError, Modal, StatusBadge, notify, toApiError, runAction, useAsync } from '../../ui.tsx';

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
  const list = useAsync(() => get('/v1/users'), []);
  const [form, setForm] = useState<{ name: string; email: string; password: string; role: ApiBody<'POST', '/v1/users'>['role'] }>({
    name: '',
    email: '',
    password: '',
    role: 'operator',
  });
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
  // The link goes through the company's e-mail channel; without one the API says so (409).
  const sendLink = async (u: User) => {
    try {
      const res = await post(`/v1/users/${u.id}/password-reset`);
      notify(`Link de redefinição enviado para ${res.sent_to}; vale até ${dateTimeBR(res.expires_at)} e só pode ser usado uma vez.`);
    } catch (err) {
      const e = toApiError(err);
      if (e.meta.reason === 'no_email_channel')
        notify(
          'O envio de e-mail não está configurado (Configurações → Notificações). Use "Redefinir senha" para definir a senha aqui.',
          'error',
        );
      else if (e.meta.reason === 'email_failed') notify(`O servidor de e-mail recusou a mensagem: ${e.apiMessage}`, 'error');
      else notify(e.message, 'error');
    }
  };
  const remove = (u: User) => runAction(() => del(`/v1/users/${u.id}`), { confirm: `Excluir o usuário ${u.email}?`, after: list.reload });
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
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
          />
        </Field>
        <Field label="Perfil" name="role" error={error}>
          <select name="role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as typeof form.role })}>
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
              <th>
                <span className="sr-only">Ações</span>
              </th>
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
                  <select
                    aria-label={`Perfil de ${u.email}`}
                    value={u.role}
                    onChange={(e) => change(u, { role: e.target.value as User['role'] })}
                  >
                    <option value="operator">Operador</option>
                    <option value="admin">Administrador</option>
                  </select>
                </td>
                <td>{dateTimeBR(u.last_login_at)}</td>
                <td>
                  <StatusBadge status={u.active ? 'active' : 'inactive'} labels={STATUS_LABEL} />
                </td>
                <td className="actions">
                  <button type="button" className="link" onClick={() => setPwFor(u)} aria-label={`Redefinir senha de ${u.email}`}>
                    Redefinir senha
                  </button>
                  {u.active && (
                    <button
                      type="button"
                      className="link"
                      onClick={() => sendLink(u)}
                      aria-label={`Enviar link de redefinição por e-mail para ${u.email}`}
                    >
                      Enviar link de redefinição por e-mail
                    </button>
                  )}
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
    <Modal title={`Redefinir senha de ${user.email}`} onClose={onClose}>
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
        <Field label="Nova senha" name="password" error={error} hint="Pelo menos 8 caracteres; as outras sessões do usuário são encerradas">
          <input
            type="password"
            name="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
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
