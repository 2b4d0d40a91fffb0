import { useState, type FormEvent } from 'react';
import { post } from '../api.ts';
import type { SessionInfo } from '../session.ts';
import { Field, toApiError } from '../ui.tsx';

/**
 * What a failed login says. The API answers 401 `unauthorized` for a wrong e-mail or password
 * (the console's generic text for that code is "your session ended", which is wrong here), 429
 * `rate_limited` with its own Portuguese message and `retry_after_seconds` when throttled, and 403
 * for a deactivated user (also in Portuguese).
 */
function loginFailure(err: unknown): { text: string; detail?: string; field?: 'email' | 'password' } {
  const e = toApiError(err);
  if (e.status === 401)
    return {
      text: 'E-mail ou senha incorretos.',
      detail: 'Confira o e-mail; na senha, maiúsculas e minúsculas contam.',
      field: 'password',
    };
  if (e.status === 429) {
    const secs = Number(e.meta.retry_after_seconds);
    const minutes = Number.isFinite(secs) && secs > 0 ? Math.max(1, Math.ceil(secs / 60)) : null;
    return {
      text: 'Muitas tentativas de login sem sucesso: o acesso está bloqueado temporariamente.',
      detail: minutes ? `Tente novamente em ${minutes} minuto${minutes === 1 ? '' : 's'}.` : e.apiMessage,
    };
  }
  if (e.status === 403) return { text: e.apiMessage || e.message };
  if (e.status === 400) return { text: 'Digite um e-mail válido e a senha.', field: 'email' };
  return { text: e.message, detail: e.requestId ? `Código da requisição: ${e.requestId}` : undefined };
}

export function LoginPage({ onLogin }: { onLogin: (s: SessionInfo) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<ReturnType<typeof loginFailure> | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      onLogin(await post('/v1/session', { email, password }));
    } catch (err) {
      setFailure(loginFailure(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="login-page">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Cobre</h1>
        <p className="login-lead">Entre com seu e-mail e senha.</p>
        {failure && (
          <div className="error-box login-error" role="alert">
            <strong>{failure.text}</strong>
            {failure.detail && <div>{failure.detail}</div>}
          </div>
        )}
        <Field label="E-mail" name="email" message={failure?.field === 'email' ? failure.text : null}>
          <input
            name="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            // biome-ignore lint/a11y/noAutofocus: the sign-in page's one task starts in this field
            autoFocus
          />
        </Field>
        <Field label="Senha" name="password" message={failure?.field === 'password' ? 'Digite a senha novamente.' : null}>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Entrando…' : 'Entrar'}
        </button>
        {/* A plain link (not the router's): /redefinir-senha is routed before the session check. */}
        <p className="login-forgot">
          <a href="/redefinir-senha">Esqueci minha senha</a>
        </p>
      </form>
    </main>
  );
}
