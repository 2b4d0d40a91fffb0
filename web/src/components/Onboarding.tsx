// "Primeiros passos": the checklist a new company sees on the Painel. Each step's done/not done
// comes from the data (GET /v1/reports/onboarding); the list hides once every step is done or the
// user dismisses it. The dismissal is kept in this browser's localStorage, per company, data space
// (live/sandbox) and user: it is a display preference, and "Mostrar primeiros passos" brings it back.
import { useState } from 'react';
import { get } from '../api.ts';
import { Link } from '../router.tsx';
import { useSession } from '../session.ts';
import { useAsync } from '../ui.tsx';
import '../pages/reports/reports.css';

const STEPS: Record<string, { label: string; to: string; admin?: boolean }> = {
  collection_account: { label: 'Cadastre a conta de cobrança (banco, agência, conta e convênio)', to: '/configuracoes/contas-de-cobranca' },
  customer: { label: 'Cadastre um cliente', to: '/clientes/novo' },
  service: { label: 'Cadastre um serviço', to: '/servicos' },
  contract: { label: 'Contrate um serviço para um cliente (na ficha do cliente, aba Contratos)', to: '/clientes' },
  billing: { label: 'Rode o faturamento', to: '/faturamento' },
  email_channel: { label: 'Configure o envio de e-mail', to: '/configuracoes/notificacoes' },
  operator_user: { label: 'Crie um usuário operador para quem vai operar o dia a dia', to: '/configuracoes/usuarios', admin: true },
};

export function onboardingStorageKey(s: { account_id: string; tenant_id: string; user: { id: string } }): string {
  return `cobre.onboarding.dismissed.${s.account_id}.${s.tenant_id}.${s.user.id}`;
}

function readDismissed(key: string): boolean {
  try {
    return localStorage.getItem(key) === '1';
  } catch {
    return false;
  }
}

export function OnboardingChecklist() {
  const { session } = useSession();
  const key = onboardingStorageKey(session);
  const [dismissed, setDismissed] = useState(() => readDismissed(key));
  const data = useAsync(() => get('/v1/reports/onboarding'), []);
  const setHidden = (hidden: boolean) => {
    try {
      if (hidden) localStorage.setItem(key, '1');
      else localStorage.removeItem(key);
    } catch {
      /* storage unavailable: hidden for this visit only */
    }
    setDismissed(hidden);
  };
  // A failure to load the checklist must not get in the way of the Painel: it just does not show.
  if (!data.data || data.data.done) return null;
  if (dismissed) {
    return (
      <p className="onboarding-restore">
        <button type="button" className="link" onClick={() => setHidden(false)}>
          Mostrar primeiros passos
        </button>
      </p>
    );
  }
  const steps = data.data.steps.filter((s) => STEPS[s.key]);
  const done = steps.filter((s) => s.done).length;
  const isAdmin = session.user.role === 'admin';
  return (
    <section className="panel onboarding" aria-labelledby="onboarding-title">
      <div className="onboarding-head">
        <h2 id="onboarding-title">Primeiros passos</h2>
        <span className="muted">
          {done} de {steps.length} concluídos
        </span>
        <div className="spacer" />
        <button type="button" onClick={() => setHidden(true)}>
          Ocultar lista
        </button>
      </div>
      <ol className="onboarding-steps">
        {steps.map((s) => {
          const step = STEPS[s.key];
          return (
            <li key={s.key} className={s.done ? 'done' : 'todo'} data-step={s.key}>
              <span className="onboarding-mark" aria-hidden="true">
                {s.done ? '✓' : ''}
              </span>
              <span className="onboarding-step">
                {step.admin && !isAdmin ? (
                  <>
                    {step.label} <small className="muted">(peça a um administrador)</small>
                  </>
                ) : (
                  <Link to={step.to}>{step.label}</Link>
                )}
                <span className="sr-only">{s.done ? ' — concluído' : ' — pendente'}</span>
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
