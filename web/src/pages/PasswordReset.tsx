// /redefinir-senha: without a token, "Esqueci minha senha" (the e-mail to send a link to); with
// the token of the e-mailed link, the new password. Works without a session (App.tsx routes it
// before the session check); setting the password ends every session of the user.
import { useId, useState, type FormEvent } from 'react';
import { get, post } from '../api.ts';
import { Field, toApiError, useAsync } from '../ui.tsx';

const MIN_LENGTH = 8;

export function PasswordResetPage({ token }: { token: string | null }) {
  return (
    <main className="login-page">
      <div className="login-card">{token ? <NewPassword token={token} /> : <RequestLink />}</div>
    </main>
  );
}

function RequestLink() {
  const availability = useAsync(() => get('/v1/password-reset'), []);
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      await post('/v1/password-reset', { email: email.trim() });
      setSent(email.trim());
    } catch (err) {
      const a = toApiError(err);
      setFailure(
        a.status === 429
          ? 'Muitos pedidos para este e-mail ou rede. Tente novamente daqui a alguns minutos.'
          : a.status === 400
            ? 'Digite o seu e-mail.'
            : a.message,
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h1 id="forgot-title">Esqueci minha senha</h1>
      {availability.error && (
        <div className="error-box" role="alert">
          <strong>{availability.error.message}</strong>
        </div>
      )}
      {availability.data && !availability.data.email_available && (
        <p role="status">
          O envio de e-mails não está configurado. Peça a um administrador da sua empresa para redefinir a sua senha em{' '}
          <strong>Configurações → Usuários</strong>.
        </p>
      )}
      {availability.data?.email_available && sent === null && (
        <form onSubmit={submit} aria-labelledby="forgot-title" aria-describedby="reset-lead">
          <p id="reset-lead" className="login-lead">
            Digite o e-mail com que você entra no Cobre. Enviaremos um link para escolher uma nova senha, válido por{' '}
            {availability.data.valid_minutes} minutos.
          </p>
          {failure && (
            <div className="error-box" role="alert">
              <strong>{failure}</strong>
            </div>
          )}
          <Field label="E-mail" name="email">
            <input
              name="email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              // biome-ignore lint/a11y/noAutofocus: the page's one task starts in this field
              autoFocus
            />
          </Field>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Enviando…' : 'Enviar link'}
          </button>
        </form>
      )}
      {sent !== null && (
        <div role="status" className="password-reset-sent">
          <p>
            Se <strong>{sent}</strong> for o e-mail de um usuário ativo, enviamos um link para redefinir a senha. Ele vale por{' '}
            {availability.data?.valid_minutes ?? 60} minutos e só pode ser usado uma vez.
          </p>
          <p>Não chegou em alguns minutos? Confira a caixa de spam ou peça a um administrador da sua empresa para redefinir a sua senha.</p>
        </div>
      )}
      <p>
        <a href="/">Voltar ao login</a>
      </p>
    </>
  );
}

function NewPassword({ token }: { token: string }) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<{ field: 'password' | 'repeat' | null; text: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [invalidLink, setInvalidLink] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (password.length < MIN_LENGTH)
      return setProblem({ field: 'password', text: `A senha precisa ter pelo menos ${MIN_LENGTH} caracteres.` });
    if (password.trim() === '') return setProblem({ field: 'password', text: 'A senha não pode ser só espaços.' });
    if (password !== repeat) return setProblem({ field: 'repeat', text: 'As duas senhas não são iguais.' });
    setBusy(true);
    setProblem(null);
    try {
      const res = await post('/v1/password-reset/confirm', { token, password });
      setDone(res.email);
    } catch (err) {
      const a = toApiError(err);
      if (a.code === 'invalid_token') setInvalidLink(true);
      else
        setProblem({
          field: a.details.some((d) => d.field === 'password') ? 'password' : null,
          text: a.details.some((d) => d.field === 'password')
            ? `A senha não foi aceita: precisa ter de ${MIN_LENGTH} a 200 caracteres.`
            : a.message,
        });
    } finally {
      setBusy(false);
    }
  };
  if (done) {
    return (
      <>
        <h1>Senha alterada</h1>
        <p role="status">
          A senha de <strong>{done}</strong> foi alterada e as sessões abertas foram encerradas. Entre com a nova senha.
        </p>
        <p>
          {/* A full load: the console checks the session again and shows the login. */}
          <a className="button primary" href="/">
            Ir para o login
          </a>
        </p>
      </>
    );
  }
  if (invalidLink) {
    return (
      <>
        <h1>Link inválido</h1>
        <p role="alert">Este link de redefinição de senha é inválido, já foi usado ou expirou. Peça um novo link.</p>
        <p>
          <a href="/redefinir-senha">Pedir um novo link</a> · <a href="/">Voltar ao login</a>
        </p>
      </>
    );
  }
  return (
    <form onSubmit={submit} aria-labelledby="new-password-title">
      <h1 id="new-password-title">Redefinir senha</h1>
      <p className="login-lead">
        Escolha uma nova senha, com pelo menos {MIN_LENGTH} caracteres. Ao salvar, as sessões abertas com a senha antiga são encerradas.
      </p>
      {problem && problem.field === null && (
        <div className="error-box" role="alert">
          <strong>{problem.text}</strong>
        </div>
      )}
      <PasswordField
        label="Nova senha"
        name="password"
        value={password}
        onChange={setPassword}
        message={problem?.field === 'password' ? problem.text : null}
        autoFocus
      />
      <PasswordField
        label="Repita a nova senha"
        name="repeat"
        value={repeat}
        onChange={setRepeat}
        message={problem?.field === 'repeat' ? problem.text : null}
      />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Salvando…' : 'Salvar nova senha'}
      </button>
    </form>
  );
}

/**
 * A password field whose label holds only its name: ui.tsx's Field puts its message inside the
 * <label>, which would make "A senha precisa…" part of the field's accessible name. Here the
 * message is tied by aria-describedby only.
 */
function PasswordField(props: {
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
  message: string | null;
  autoFocus?: boolean;
}) {
  const id = useId();
  const errId = `${id}-erro`;
  return (
    <div className={'field' + (props.message ? ' has-error' : '')} data-field={props.name}>
      <label className="label" htmlFor={id}>
        {props.label}
      </label>
      <input
        id={id}
        name={props.name}
        type="password"
        autoComplete="new-password"
        required
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        // biome-ignore lint/a11y/noAutofocus: only the first field of the new-password form, where the page's one task starts
        autoFocus={props.autoFocus}
        aria-invalid={props.message ? true : undefined}
        aria-describedby={props.message ? errId : undefined}
      />
      {props.message && (
        <span className="field-error" id={errId} role="alert">
          {props.message}
        </span>
      )}
    </div>
  );
}
