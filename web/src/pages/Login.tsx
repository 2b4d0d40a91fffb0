import { useState, type FormEvent } from 'react';
import { ApiError, post } from '../api.ts';
import type { SessionInfo } from '../session.ts';
import { ErrorBox, Field, toApiError } from '../ui.tsx';

export function LoginPage({ onLogin }: { onLogin: (s: SessionInfo) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLogin(await post<SessionInfo>('/v1/session', { email, password }));
    } catch (err) {
      setError(toApiError(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="login-page">
      <form className="login-card" onSubmit={submit}>
        <h1>Cobre</h1>
        <p className="muted">Entre com seu e-mail e senha.</p>
        <ErrorBox error={error} fields={['email', 'password']} />
        <Field label="E-mail" name="email" error={error}>
          <input name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </Field>
        <Field label="Senha" name="password" error={error}>
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Entrando…' : 'Entrar'}
        </button>
      </form>
    </div>
  );
}
