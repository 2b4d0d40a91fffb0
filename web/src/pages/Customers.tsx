import { useState } from 'react';
import { get, post } from '../api.ts';
import type { components } from '../api-schema.generated.ts';
import { Link, navigate, setQuery, useLocation } from '../router.tsx';
import { LoadError, Pager, StatusBadge, runAction, useAsync, EmptyRow } from '../ui.tsx';

/** A customer as the API answers it. */
export type Customer = components['schemas']['Customer'];

const PAGE_SIZE = 20;

export function CustomersPage() {
  const { query } = useLocation();
  const q = query.get('q') ?? '';
  const active = query.get('situacao') ?? 'ativos';
  const personType = query.get('tipo') ?? '';
  const page = Number(query.get('pagina') ?? 1);
  const [text, setText] = useState(q);
  const list = useAsync(
    () =>
      get('/v1/customers', {
        q: q || undefined,
        active: active === 'todos' ? undefined : active === 'ativos',
        person_type: personType || undefined,
        page,
        page_size: PAGE_SIZE,
        include_total: true,
      }),
    [q, active, personType, page],
  );

  const toggle = (c: Customer) =>
    runAction(() => post(`/v1/customers/${c.id}/${c.active ? 'deactivate' : 'activate'}`), {
      confirm: c.active ? `Desativar o cliente ${c.name}? O histórico é mantido.` : undefined,
      done: c.active ? 'Cliente desativado.' : 'Cliente reativado.',
      after: list.reload,
    });

  return (
    <div>
      <div className="page-head">
        <h1>Clientes</h1>
        <button type="button" className="primary" onClick={() => navigate('/clientes/novo')}>
          Incluir+
        </button>
      </div>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ q: text.trim() || null, pagina: null });
        }}
      >
        <input
          name="q"
          aria-label="Buscar clientes"
          placeholder="Buscar por nome, CPF/CNPJ ou e-mail"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <select name="situacao" aria-label="Situação" value={active} onChange={(e) => setQuery({ situacao: e.target.value, pagina: null })}>
          <option value="ativos">Ativos</option>
          <option value="inativos">Desativados</option>
          <option value="todos">Todos</option>
        </select>
        <select
          name="tipo"
          aria-label="Tipo de pessoa"
          value={personType}
          onChange={(e) => setQuery({ tipo: e.target.value || null, pagina: null })}
        >
          <option value="">Pessoa física e jurídica</option>
          <option value="PF">Pessoa física</option>
          <option value="PJ">Pessoa jurídica</option>
        </select>
        <button type="submit">Buscar</button>
      </form>
      {list.error && <LoadError error={list.error} what="Clientes" />}
      {list.data && (
        <>
          <table className="grid">
            <thead>
              <tr>
                <th>Nº</th>
                <th>Nome</th>
                <th>CPF/CNPJ</th>
                <th>E-mail</th>
                <th>Situação</th>
                <th>
                  <span className="sr-only">Ações</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.length === 0 && <EmptyRow colSpan={6}>Nenhum cliente encontrado.</EmptyRow>}
              {list.data.data.map((c) => (
                <tr key={c.id}>
                  <td>{c.number}</td>
                  <td>
                    <Link to={`/clientes/${c.id}`}>{c.name}</Link>
                    {c.trading_name && <small className="muted"> ({c.trading_name})</small>}
                  </td>
                  <td>{c.document_formatted ?? '—'}</td>
                  <td>{c.primary_email ?? '—'}</td>
                  <td>
                    <StatusBadge status={c.active ? 'active' : 'inactive'} labels={{ active: 'Ativo', inactive: 'Desativado' }} />
                  </td>
                  <td className="actions">
                    <Link to={`/clientes/${c.id}/editar`}>Editar</Link>
                    <button type="button" className="link" onClick={() => toggle(c)}>
                      {c.active ? 'Desativar' : 'Reativar'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            page={page}
            pageSize={PAGE_SIZE}
            total={list.data.total}
            hasMore={list.data.has_more}
            onPage={(p) => setQuery({ pagina: p })}
          />
        </>
      )}
    </div>
  );
}
