// Shared pieces of the console: data loading, error display next to fields, paging, modals,
// tabs, progress, notices, pickers.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError, get, type Page } from './api.ts';
import { explainIssue } from './errors.ts';
import { brl, dateBR } from './format.ts';

export function useAsync<T>(fn: () => Promise<T>, deps: unknown[]): { data: T | null; error: ApiError | null; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>({ data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    fn().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (err) => live && setState({ data: null, error: toApiError(err), loading: false }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(0, 'client_error', (err as Error)?.message ?? String(err), [], null);
}

/** The detail of `field` (or of a sub-field of it) in an error, in Portuguese. */
export function fieldError(error: ApiError | null | undefined, field: string): string | null {
  if (!error) return null;
  const hits = error.details.filter((d) => d.field === field || d.field?.startsWith(field + '.') || d.field?.startsWith(field + '['));
  return hits.length ? hits.map((d) => explainIssue(d.issue)).join('; ') : null;
}

/** The error box: the Portuguese explanation, the API's message and every field detail. */
export function ErrorBox({ error, fields = [] }: { error: ApiError | null | undefined; fields?: string[] }) {
  if (!error) return null;
  const loose = error.details.filter((d) => !d.field || !fields.some((f) => d.field === f || d.field!.startsWith(f + '.') || d.field!.startsWith(f + '[')));
  return (
    <div className="error-box" role="alert">
      <strong>{error.message}</strong>
      {error.apiMessage && error.apiMessage !== error.message && <div className="api-message">Mensagem da API: {error.apiMessage}</div>}
      {loose.length > 0 && (
        <ul>
          {loose.map((d, i) => (
            <li key={i}>
              {d.field ? <code>{d.field}</code> : null} {explainIssue(d.issue)}
            </li>
          ))}
        </ul>
      )}
      {error.requestId && <div className="request-id">Código da requisição: {error.requestId}</div>}
    </div>
  );
}

export function Field({ label, name, error, children, hint }: { label: string; name: string; error?: ApiError | null; children: ReactNode; hint?: string }) {
  const msg = fieldError(error, name);
  return (
    <label className={'field' + (msg ? ' has-error' : '')} data-field={name}>
      <span className="label">{label}</span>
      {children}
      {hint && !msg && <span className="hint">{hint}</span>}
      {msg && <span className="field-error">{msg}</span>}
    </label>
  );
}

export function Pager({ page, pageSize, total, hasMore, onPage }: { page: number; pageSize: number; total: number | null; hasMore: boolean; onPage: (p: number) => void }) {
  const pages = total !== null ? Math.max(1, Math.ceil(total / pageSize)) : null;
  return (
    <div className="pager">
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ‹ Anterior
      </button>
      <span>
        Página {page}
        {pages ? ` de ${pages}` : ''}
        {total !== null ? ` · ${total.toLocaleString('pt-BR')} registro(s)` : ''}
      </span>
      <button type="button" disabled={!hasMore} onClick={() => onPage(page + 1)}>
        Próxima ›
      </button>
    </div>
  );
}

export function Modal({ title, onClose, children, wide }: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="modal-backdrop">
      <div className={'modal' + (wide ? ' wide' : '')} role="dialog" aria-modal="true" aria-label={title}>
        <header>
          <h2>{title}</h2>
          <button type="button" className="close" aria-label="Fechar" onClick={onClose}>
            ×
          </button>
        </header>
        {children}
      </div>
    </div>
  );
}

export function Tabs({ tabs, current, onChange }: { tabs: { id: string; label: string }[]; current: string; onChange: (id: string) => void }) {
  return (
    <div className="tabs" role="tablist">
      {tabs.map((t) => (
        <button key={t.id} type="button" role="tab" aria-selected={t.id === current} className={t.id === current ? 'active' : ''} onClick={() => onChange(t.id)}>
          {t.label}
        </button>
      ))}
    </div>
  );
}

export function Progress({ value, max, label }: { value: number; max: number | null; label?: string }) {
  const pct = max ? Math.min(100, Math.round((value / max) * 100)) : null;
  return (
    <div className="progress" role="progressbar" aria-valuenow={pct ?? undefined} aria-valuemin={0} aria-valuemax={100}>
      <div className={'bar' + (pct === null ? ' indeterminate' : '')} style={{ width: pct === null ? '30%' : `${pct}%` }} />
      <span>{label ?? (pct === null ? 'Processando…' : `${pct}%`)}</span>
    </div>
  );
}

// ---- notices (toasts) ----
type Notice = { id: number; text: string; kind: 'ok' | 'error' };
const noticeListeners = new Set<(n: Notice[]) => void>();
let notices: Notice[] = [];
let nextNotice = 1;
export function notify(text: string, kind: 'ok' | 'error' = 'ok'): void {
  const n = { id: nextNotice++, text, kind };
  notices = [...notices, n];
  noticeListeners.forEach((l) => l(notices));
  setTimeout(() => {
    notices = notices.filter((x) => x.id !== n.id);
    noticeListeners.forEach((l) => l(notices));
  }, 5000);
}
export function Notices() {
  const [list, setList] = useState<Notice[]>(notices);
  useEffect(() => {
    noticeListeners.add(setList);
    return () => void noticeListeners.delete(setList);
  }, []);
  return (
    <div className="notices" aria-live="polite">
      {list.map((n) => (
        <div key={n.id} className={'notice ' + n.kind}>
          {n.text}
        </div>
      ))}
    </div>
  );
}

export function StatusBadge({ status, labels }: { status: string; labels: Record<string, string> }) {
  return <span className={`badge status-${status}`}>{labels[status] ?? status}</span>;
}

export const Money = ({ cents }: { cents: number | string | null | undefined }) => <span className="money">{brl(cents)}</span>;
export const DateText = ({ iso }: { iso: string | null | undefined }) => <span>{dateBR(iso)}</span>;

/** A screen whose API does not exist on this server yet, or failed to load. */
export function LoadError({ error, what }: { error: ApiError; what: string }) {
  if (error.missingEndpoint) {
    return (
      <div className="unavailable">
        <strong>{what}: ainda não disponível neste servidor.</strong>
        <p>A API desta função não está instalada nesta versão do Cobre. {error.apiMessage}</p>
      </div>
    );
  }
  return <ErrorBox error={error} />;
}

export interface CustomerLite {
  id: string;
  number: number;
  name: string;
  document_formatted: string | null;
}

/** Search a customer by name, document or e-mail. */
export function CustomerPicker({ value, onChange, name = 'customer_id' }: { value: CustomerLite | null; onChange: (c: CustomerLite | null) => void; name?: string }) {
  const [text, setText] = useState('');
  const [options, setOptions] = useState<CustomerLite[]>([]);
  const [open, setOpen] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => {
    window.clearTimeout(timer.current);
    if (!open) return;
    timer.current = window.setTimeout(() => {
      get<Page<CustomerLite>>('/v1/customers', { q: text.trim() || undefined, page_size: 8, active: true }).then(
        (p) => setOptions(p.data),
        () => setOptions([]),
      );
    }, 200);
  }, [text, open]);
  if (value) {
    return (
      <div className="picked">
        <span>
          {value.name} <small>nº {value.number}</small>
        </span>
        <button type="button" className="link" onClick={() => onChange(null)}>
          trocar
        </button>
      </div>
    );
  }
  return (
    <div className="picker">
      <input
        name={name}
        placeholder="Buscar cliente por nome, documento ou e-mail"
        value={text}
        onFocus={() => setOpen(true)}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        autoComplete="off"
      />
      {open && options.length > 0 && (
        <ul className="options">
          {options.map((o) => (
            <li key={o.id}>
              <button
                type="button"
                onClick={() => {
                  onChange(o);
                  setOpen(false);
                }}
              >
                {o.name} <small>{o.document_formatted ?? ''} · nº {o.number}</small>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A text input for dates typed as dd/mm/aaaa. */
export function DateInput({ value, onChange, name }: { value: string; onChange: (v: string) => void; name: string }) {
  return (
    <input
      name={name}
      inputMode="numeric"
      placeholder="dd/mm/aaaa"
      maxLength={10}
      value={value}
      onChange={(e) => {
        let v = e.target.value.replace(/[^\d/]/g, '');
        if (/^\d{2}$/.test(v) && value.length < v.length) v += '/';
        else if (/^\d{2}\/\d{2}$/.test(v) && value.length < v.length) v += '/';
        onChange(v);
      }}
    />
  );
}

export function confirmAction(text: string): boolean {
  return window.confirm(text);
}

/**
 * A row action (delete, revoke, (de)activate…): asks `confirm` first when given, runs the call,
 * shows `done` (if any) and runs `then` (usually the list's reload); an API error becomes a notice.
 */
export async function runAction(call: () => Promise<unknown>, opts: { confirm?: string; done?: string; then?: () => void } = {}): Promise<void> {
  if (opts.confirm !== undefined && !confirmAction(opts.confirm)) return;
  try {
    await call();
    if (opts.done) notify(opts.done);
    opts.then?.();
  } catch (err) {
    notify(toApiError(err).message, 'error');
  }
}

/** The row a table shows when it has nothing to list. */
export function EmptyRow({ colSpan, children }: { colSpan?: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className="empty">
        {children}
      </td>
    </tr>
  );
}
