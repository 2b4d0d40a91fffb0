import { useEffect, useState } from 'react';
import { ApiError, del, get, patch, setUnauthorizedHandler } from './api.ts';
import { Link, match, navigate, useLocation } from './router.tsx';
import { SessionContext, type SessionInfo } from './session.ts';
import { setBusinessToday } from './format.ts';
import { ErrorBox, Notices, notify, toApiError } from './ui.tsx';
import { LoginPage } from './pages/Login.tsx';
import { DashboardPage } from './pages/Dashboard.tsx';
import { CustomersPage } from './pages/Customers.tsx';
import { CustomerFormPage } from './pages/CustomerForm.tsx';
import { CustomerPage } from './pages/Customer.tsx';
import { ContractPage } from './pages/Contract.tsx';
import { ConsumptionPage } from './pages/Consumption.tsx';
import { ReceivablesPage } from './pages/Receivables.tsx';
import { BillingPage } from './pages/Billing.tsx';
import { ServicesPage } from './pages/Services.tsx';
import { UploadsPage } from './pages/Uploads.tsx';
import { ApiKeysPage } from './pages/settings/ApiKeys.tsx';
import { WebhooksPage } from './pages/settings/Webhooks.tsx';
import { CollectionAccountsPage } from './pages/settings/CollectionAccounts.tsx';
import { PaymentRulesPage } from './pages/settings/PaymentRules.tsx';
import { LatePolicyPage } from './pages/settings/LatePolicy.tsx';
import { UsersPage } from './pages/settings/Users.tsx';
import { BankFilesPage } from './pages/BankFiles.tsx';
import { AgingReportPage, ReceiptsReportPage } from './pages/reports/Reports.tsx';
import { PasswordResetPage } from './pages/PasswordReset.tsx';
import { ChargePage } from './pages/Charge.tsx';
import { NotificationsPage } from './pages/notifications/Channels.tsx';
import { TemplatesPage } from './pages/notifications/Templates.tsx';
import { SchedulePage } from './pages/notifications/Schedule.tsx';
import { FlagsPage } from './pages/notifications/Flags.tsx';
import { PspConnectionsPage } from './pages/pix/Connections.tsx';
import { PixReceivedPage } from './pages/pix/Received.tsx';

interface MenuGroup {
  title: string;
  items: { to: string; label: string; admin?: boolean }[];
}

const MENU: MenuGroup[] = [
  { title: 'Início', items: [{ to: '/', label: 'Painel' }] },
  {
    title: 'Gerenciamento',
    items: [
      { to: '/clientes', label: 'Clientes' },
      { to: '/consumo', label: 'Consumo' },
      { to: '/contas-a-receber', label: 'Contas a Receber' },
      { to: '/pix-recebidos', label: 'Pix recebidos' },
      { to: '/faturamento', label: 'Faturamento' },
      { to: '/protesto', label: 'Protesto e negativação' },
      { to: '/arquivos-bancarios', label: 'Arquivos bancários (CNAB)' },
    ],
  },
  {
    title: 'Relatórios',
    items: [
      { to: '/relatorios/inadimplencia', label: 'Inadimplência por idade' },
      { to: '/relatorios/recebimentos', label: 'Recebimentos por período' },
    ],
  },
  { title: 'Cadastro', items: [{ to: '/servicos', label: 'Serviços' }] },
  {
    title: 'Integração',
    items: [
      { to: '/integracao/clientes', label: 'Upload dos Clientes' },
      { to: '/integracao/consumos', label: 'Upload dos Consumos' },
    ],
  },
  {
    title: 'Configurações',
    items: [
      { to: '/configuracoes/chaves-api', label: 'Chaves de API', admin: true },
      { to: '/configuracoes/webhooks', label: 'Webhooks' },
      { to: '/configuracoes/contas-de-cobranca', label: 'Contas de cobrança' },
      { to: '/configuracoes/pix-psp', label: 'Pix (PSP)' },
      { to: '/configuracoes/regras-de-pagamento', label: 'Regras de pagamento' },
      { to: '/configuracoes/multa-e-juros', label: 'Multa e juros' },
      { to: '/configuracoes/notificacoes', label: 'Notificações' },
      { to: '/configuracoes/modelos-de-mensagem', label: 'Modelos de mensagem' },
      { to: '/configuracoes/regua-de-cobranca', label: 'Régua de cobrança' },
      { to: '/configuracoes/usuarios', label: 'Usuários', admin: true },
    ],
  },
];

function Page({ path, query }: { path: string; query: URLSearchParams }) {
  let p: Record<string, string> | null;
  if (path === '/') return <DashboardPage />;
  if (path === '/clientes') return <CustomersPage />;
  if (path === '/clientes/novo') return <CustomerFormPage id={null} />;
  if ((p = match('/clientes/:id/editar', path))) return <CustomerFormPage id={p.id} />;
  if ((p = match('/clientes/:id/contratos/:contractId', path))) return <ContractPage customerId={p.id} contractId={p.contractId} />;
  if ((p = match('/clientes/:id', path))) return <CustomerPage id={p.id} tab={query.get('aba') ?? 'dados'} />;
  if (path === '/consumo') return <ConsumptionPage />;
  if (path === '/contas-a-receber') return <ReceivablesPage />;
  if ((p = match('/contas-a-receber/:id', path))) return <ChargePage id={p.id} />;
  if (path === '/protesto') return <FlagsPage />;
  if (path === '/pix-recebidos') return <PixReceivedPage />;
  if (path === '/configuracoes/pix-psp') return <PspConnectionsPage />;
  if (path === '/configuracoes/notificacoes') return <NotificationsPage />;
  if (path === '/configuracoes/modelos-de-mensagem') return <TemplatesPage />;
  if (path === '/configuracoes/regua-de-cobranca') return <SchedulePage />;
  if (path === '/faturamento') return <BillingPage />;
  if (path === '/servicos') return <ServicesPage />;
  if (path === '/integracao/clientes') return <UploadsPage entity="customers" />;
  if (path === '/integracao/consumos') return <UploadsPage entity="consumption" />;
  if (path === '/configuracoes/chaves-api') return <ApiKeysPage />;
  if (path === '/configuracoes/webhooks') return <WebhooksPage />;
  if (path === '/configuracoes/contas-de-cobranca') return <CollectionAccountsPage />;
  if (path === '/configuracoes/regras-de-pagamento') return <PaymentRulesPage />;
  if (path === '/configuracoes/usuarios') return <UsersPage />;
  if (path === '/configuracoes/multa-e-juros') return <LatePolicyPage />;
  if (path === '/arquivos-bancarios') return <BankFilesPage />;
  if (path === '/relatorios/inadimplencia') return <AgingReportPage />;
  if (path === '/relatorios/recebimentos') return <ReceiptsReportPage />;
  return (
    <div>
      <h1>Página não encontrada</h1>
      <p>
        <Link to="/">Voltar ao painel</Link>
      </p>
    </div>
  );
}

export function App() {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  // The business date must be known before any page renders a date default.
  const acceptSession = (s: SessionInfo) => {
    setBusinessToday(s.today);
    setSession(s);
  };
  const [bootError, setBootError] = useState<ApiError | null>(null);
  const { path, query } = useLocation();

  useEffect(() => {
    setUnauthorizedHandler(() => setSession(null));
    get<SessionInfo>('/v1/session').then(acceptSession, (err) => {
      const e = toApiError(err);
      if (e.status === 401) setSession(null);
      else setBootError(e);
    });
  }, []);

  if (bootError) return <ErrorBox error={bootError} />;
  if (session === undefined) return <div className="loading-page">Carregando…</div>;
  // The reset link from the e-mail works without a session (and ends any session it finds).
  if (path === '/redefinir-senha') return <PasswordResetPage token={query.get('token')} />;
  if (session === null) {
    return (
      <>
        <LoginPage
          onLogin={(s) => {
            acceptSession(s);
            if (path === '/login') navigate('/', true);
          }}
        />
        <Notices />
      </>
    );
  }

  const isAdmin = session.user.role === 'admin';
  const switchMode = async (mode: 'live' | 'test') => {
    try {
      acceptSession(await patch<SessionInfo>('/v1/session', { mode }));
      notify(mode === 'test' ? 'Você está no sandbox (modo de teste): nada aqui afeta os dados reais.' : 'Você voltou aos dados reais.');
    } catch (err) {
      notify(toApiError(err).message, 'error');
    }
  };
  const logout = async () => {
    try {
      await del('/v1/session');
    } finally {
      setSession(null);
      navigate('/', true);
    }
  };

  return (
    <SessionContext.Provider value={{ session, setSession }}>
      <div className={'layout' + (session.mode === 'test' ? ' sandbox' : '')}>
        <aside className="sidebar">
          <div className="brand">
            <Link to="/">Cobre</Link>
          </div>
          <nav>
            {MENU.map((g) => (
              <div key={g.title} className="menu-group">
                <div className="menu-title">{g.title}</div>
                {g.items
                  .filter((i) => !i.admin || isAdmin)
                  .map((i) => (
                    <Link key={i.to} to={i.to} className={(i.to === '/' ? path === '/' : path.startsWith(i.to)) ? 'active' : ''}>
                      {i.label}
                    </Link>
                  ))}
              </div>
            ))}
          </nav>
        </aside>
        <div className="main">
          <header className="topbar">
            {session.mode === 'test' && <span className="sandbox-flag">SANDBOX — modo de teste</span>}
            <div className="spacer" />
            {session.sandbox_available && (
              <label className="mode-switch">
                <input type="checkbox" checked={session.mode === 'test'} onChange={(e) => switchMode(e.target.checked ? 'test' : 'live')} />
                <span>Sandbox (teste)</span>
              </label>
            )}
            <span className="who">
              {session.user.name} <small>({session.user.role === 'admin' ? 'administrador' : 'operador'})</small>
            </span>
            <button type="button" onClick={logout}>
              Sair
            </button>
          </header>
          <main key={session.tenant_id}>
            <Page path={path} query={query} />
          </main>
        </div>
      </div>
      <Notices />
    </SessionContext.Provider>
  );
}
