import { useCallback, useEffect, useRef, useState, type MouseEvent } from 'react';
import { type ApiError, del, get, patch, setUnauthorizedHandler } from './api.ts';
import { Link, match, navigate, useLocation } from './router.tsx';
import { SessionContext, type SessionInfo } from './session.ts';
import { setBusinessToday } from './format.ts';
import { ErrorBox, Notices, labelTableCells, notify, toApiError } from './ui.tsx';
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
import { OAuthAppsPage } from './pages/settings/OAuthApps.tsx';
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

/** The phone layout's media query (styles.css uses the same width). */
const PHONE_QUERY = '(max-width: 760px)';

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
      { to: '/configuracoes/aplicativos-oauth', label: 'Aplicativos OAuth', admin: true },
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

const ADMIN_PATHS = MENU.flatMap((g) => g.items.filter((i) => i.admin).map((i) => i.to));
const isAdminPath = (path: string) => ADMIN_PATHS.some((to) => path === to || path.startsWith(to + '/'));

/** The screen's name for the document title (the browser tab, screen readers, history). */
function screenTitle(path: string): string {
  const item = MENU.flatMap((g) => g.items).find((i) => i.to === path);
  if (item) return item.label;
  if (path === '/clientes/novo') return 'Novo cliente';
  if (match('/clientes/:id/editar', path)) return 'Editar cliente';
  if (match('/clientes/:id/contratos/:contractId', path)) return 'Contrato';
  if (match('/clientes/:id', path)) return 'Cliente';
  if (match('/contas-a-receber/:id', path)) return 'Cobrança';
  const parent = MENU.flatMap((g) => g.items).find((i) => i.to !== '/' && path.startsWith(i.to + '/'));
  return parent ? parent.label : 'Página não encontrada';
}

/** What an operator sees on an administrators' page opened by its address. */
function AdminOnlyPage() {
  return (
    <div className="restricted">
      <h1>Acesso restrito a administradores</h1>
      <p>
        Esta página é usada apenas por administradores da sua empresa. Seu usuário é de operador; se precisar dela, peça a um administrador.
      </p>
      <p>
        <Link to="/">Voltar ao painel</Link>
      </p>
    </div>
  );
}

function Page({ path, query, isAdmin }: { path: string; query: URLSearchParams; isAdmin: boolean }) {
  if (!isAdmin && isAdminPath(path)) return <AdminOnlyPage />;
  if (path === '/') return <DashboardPage />;
  if (path === '/clientes') return <CustomersPage />;
  if (path === '/clientes/novo') return <CustomerFormPage id={null} />;
  const customerEdit = match('/clientes/:id/editar', path);
  if (customerEdit) return <CustomerFormPage id={customerEdit.id} />;
  const contract = match('/clientes/:id/contratos/:contractId', path);
  if (contract) return <ContractPage customerId={contract.id} contractId={contract.contractId} />;
  const customer = match('/clientes/:id', path);
  if (customer) return <CustomerPage id={customer.id} tab={query.get('aba') ?? 'dados'} />;
  if (path === '/consumo') return <ConsumptionPage />;
  if (path === '/contas-a-receber') return <ReceivablesPage />;
  const charge = match('/contas-a-receber/:id', path);
  if (charge) return <ChargePage id={charge.id} />;
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
  if (path === '/configuracoes/aplicativos-oauth') return <OAuthAppsPage />;
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
  const acceptSession = useCallback((s: SessionInfo) => {
    setBusinessToday(s.today);
    setSession(s);
  }, []);
  const [bootError, setBootError] = useState<ApiError | null>(null);
  const { path, query } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const sidebar = useRef<HTMLElement>(null);
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    document.title = (session === null ? 'Entrar' : path === '/redefinir-senha' ? 'Redefinir senha' : screenTitle(path)) + ' — Cobre';
  }, [path, session]);

  // The phone menu closes on navigation, on Escape (focus back on "Menu") and when the window
  // grows past the phone layout (where the sidebar is always shown).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation, which is what `path` changing means
  useEffect(() => setMenuOpen(false), [path]);
  // Set when the menu closes by Escape or its close button: "Menu" gets the focus back once the
  // page behind is no longer inert (it cannot take the focus before).
  const refocusMenu = useRef(false);
  const closeMenu = useCallback(() => {
    refocusMenu.current = true;
    setMenuOpen(false);
  }, []);
  useEffect(() => {
    if (!menuOpen) {
      if (refocusMenu.current) menuButton.current?.focus();
      refocusMenu.current = false;
      return;
    }
    sidebar.current?.querySelector<HTMLElement>('nav a')?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && closeMenu();
    const wide = window.matchMedia(PHONE_QUERY);
    const onWide = () => !wide.matches && setMenuOpen(false);
    window.addEventListener('keydown', onKey);
    wide.addEventListener('change', onWide);
    return () => {
      window.removeEventListener('keydown', onKey);
      wide.removeEventListener('change', onWide);
    };
  }, [menuOpen, closeMenu]);

  // Phone layout: each table.grid row becomes a card whose cells carry their column's name.
  useEffect(() => {
    let frame = 0;
    const run = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => labelTableCells());
    };
    const observer = new MutationObserver(run);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    run();
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => setSession(null));
    get('/v1/session').then(acceptSession, (err) => {
      const e = toApiError(err);
      if (e.status === 401) setSession(null);
      else setBootError(e);
    });
  }, [acceptSession]);

  if (bootError)
    return (
      <main className="loading-page">
        <h1>Cobre</h1>
        <ErrorBox error={bootError} />
      </main>
    );
  if (session === undefined) return <main className="loading-page">Carregando…</main>;
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
      acceptSession(await patch('/v1/session', { mode }));
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

  // A menu choice moves the focus to the screen it opened (as a page load would), so a keyboard
  // or screen-reader user starts at the new content rather than in the menu.
  // On a phone the drawer closes even when the link is the current screen's.
  const focusContent = (e: MouseEvent) => {
    if (!(e.target as Element).closest('a')) return;
    setMenuOpen(false);
    requestAnimationFrame(() => mainRef.current?.focus({ preventScroll: true }));
  };
  const skipToContent = (e: MouseEvent) => {
    e.preventDefault();
    mainRef.current?.focus();
  };

  return (
    <SessionContext.Provider value={{ session, setSession }}>
      {/* biome-ignore lint/a11y/useValidAnchor: a skip link is a real link to #conteudo; the click only moves the focus without the jump */}
      <a className="skip-link" href="#conteudo" onClick={skipToContent}>
        Pular para o conteúdo
      </a>
      <div className={'layout' + (session.mode === 'test' ? ' sandbox' : '') + (menuOpen ? ' menu-open' : '')}>
        {/* A click on a menu link (bubbling from the Link, which navigates) also moves the focus. */}
        {/* biome-ignore lint/a11y/useKeyWithClickEvents: delegation of the links' clicks, which the keyboard fires too (Enter on a link) */}
        <aside className="sidebar" id="menu-principal" ref={sidebar} aria-label="Menu" onClick={focusContent}>
          <div className="brand">
            <Link to="/">Cobre</Link>
            <button type="button" className="menu-close" aria-label="Fechar menu" onClick={closeMenu}>
              ×
            </button>
          </div>
          <nav aria-label="Menu principal">
            {MENU.map((g) => {
              const items = g.items.filter((i) => !i.admin || isAdmin);
              const titleId =
                'menu-' +
                g.title
                  .toLowerCase()
                  .normalize('NFD')
                  .replace(/[^a-z]/g, '');
              return (
                // biome-ignore lint/a11y/useSemanticElements: a fieldset would give a navigation menu form semantics and styling
                <div key={g.title} className="menu-group" role="group" aria-labelledby={titleId}>
                  <div className="menu-title" id={titleId}>
                    {g.title}
                  </div>
                  {items.map((i) => {
                    const current = i.to === '/' ? path === '/' : path === i.to || path.startsWith(i.to + '/');
                    return (
                      <Link key={i.to} to={i.to} className={current ? 'active' : ''} aria-current={current ? 'page' : undefined}>
                        {i.label}
                      </Link>
                    );
                  })}
                </div>
              );
            })}
          </nav>
        </aside>
        {/* The backdrop is a mouse and touch convenience; the keyboard closes the menu with Escape or its close button. */}
        {/* biome-ignore lint/a11y/useKeyWithClickEvents: see above */}
        {/* biome-ignore lint/a11y/noStaticElementInteractions: see above */}
        {menuOpen && <div className="menu-backdrop" onClick={() => setMenuOpen(false)} />}
        <div className="main" inert={menuOpen}>
          <header className="topbar">
            <button
              type="button"
              className="menu-button"
              ref={menuButton}
              aria-expanded={menuOpen}
              aria-controls="menu-principal"
              onClick={() => setMenuOpen((o) => !o)}
            >
              <span aria-hidden="true">☰</span> Menu
            </button>
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
          <main key={session.tenant_id} id="conteudo" tabIndex={-1} ref={mainRef}>
            <Page path={path} query={query} isAdmin={isAdmin} />
          </main>
        </div>
      </div>
      <Notices />
    </SessionContext.Provider>
  );
}
