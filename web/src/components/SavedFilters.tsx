// Saved filters of a list screen: the logged-in user's named query strings (GET/POST/DELETE
// /v1/saved-filters). The screen passes its current query string and applies the one picked.
//   <SavedFilters screen="contas-a-receber" query={location.search} onApply={(q) => navigate('/contas-a-receber?' + q)} />
import { useId, useState, type FormEvent } from 'react';
import { del, get, post } from '../api.ts';
import { confirmAction, notify, toApiError, useAsync } from '../ui.tsx';

export interface SavedFilter {
  id: string;
  screen: string;
  name: string;
  query: string;
}

/** The query string as the server stores it: no "?", no page or cursor, keys in order. */
export function normalizeFilterQuery(query: string): string {
  const p = new URLSearchParams(query.trim().replace(/^\?/, ''));
  for (const k of ['page', 'pagina', 'cursor']) p.delete(k);
  const entries = [...p.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new URLSearchParams(entries).toString();
}

export function SavedFilters({ screen, query, onApply }: { screen: string; query: string; onApply: (query: string) => void }) {
  const id = useId();
  const list = useAsync(() => get('/v1/saved-filters', { screen }), [screen]);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const filters = list.data?.data ?? [];
  const current = normalizeFilterQuery(query);
  const selected = filters.find((f) => normalizeFilterQuery(f.query) === current) ?? null;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    if (!n) return notify('Dê um nome ao filtro antes de salvar.', 'error');
    setBusy(true);
    try {
      await post('/v1/saved-filters', { screen, name: n, query: current });
      notify(`Filtro "${n}" salvo.`);
      setName('');
      list.reload();
    } catch (err) {
      notify(toApiError(err).message, 'error');
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!selected || !confirmAction(`Excluir o filtro salvo "${selected.name}"?`)) return;
    try {
      await del(`/v1/saved-filters/${selected.id}`);
      notify(`Filtro "${selected.name}" excluído.`);
      list.reload();
    } catch (err) {
      notify(toApiError(err).message, 'error');
    }
  };

  return (
    <div className="saved-filters" style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem', alignItems: 'flex-end', margin: '0.5rem 0' }}>
      <label className="field" htmlFor={`${id}-pick`} style={{ margin: 0 }}>
        <span className="label">Filtros salvos</span>
        <select
          id={`${id}-pick`}
          name="saved_filter"
          value={selected?.id ?? ''}
          disabled={list.loading && !list.data}
          onChange={(e) => {
            const f = filters.find((x) => x.id === e.target.value);
            if (f) onApply(f.query);
          }}
        >
          <option value="">{filters.length ? '— escolha um filtro —' : list.error ? 'Indisponível' : 'Nenhum filtro salvo'}</option>
          {filters.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        onClick={remove}
        disabled={!selected}
        aria-label={selected ? `Excluir o filtro salvo ${selected.name}` : 'Excluir o filtro salvo escolhido'}
      >
        Excluir
      </button>
      <form onSubmit={save} style={{ display: 'flex', gap: '0.5rem', alignItems: 'flex-end', flexWrap: 'wrap' }}>
        <label className="field" htmlFor={`${id}-name`} style={{ margin: 0 }}>
          <span className="label">Nome do filtro</span>
          <input
            id={`${id}-name`}
            name="saved_filter_name"
            maxLength={80}
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="ex.: Vencidos de março"
          />
        </label>
        <button type="submit" disabled={busy}>
          Salvar filtro atual
        </button>
      </form>
    </div>
  );
}
