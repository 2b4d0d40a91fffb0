// Shared pieces of the console: data loading, error display next to fields, paging, modals,
// tabs, progress, notices, pickers.
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type InputHTMLAttributes, type ReactNode } from 'react';
import { ApiError, get } from './api.ts';
import { explainIssue, labelOf } from './errors.ts';
import { brl, dateBR } from './format.ts';

/**
 * Loads `fn` again whenever `deps` change (and on `reload`). A reload keeps the data shown while it
 * runs; data loaded for other deps is never returned, so a screen that moves from one record to
 * another (charge A to charge B) cannot show A's facts, or act on them, under B's heading.
 */
export function useAsync<T>(
  fn: () => Promise<T>,
  deps: unknown[],
): { data: T | null; error: ApiError | null; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean; deps: unknown[] | null }>({
    data: null,
    error: null,
    loading: true,
    deps: null,
  });
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `deps` is the caller's list, as for useEffect; `fn` is a new closure every render and must not re-run the call
  useEffect(() => {
    let live = true;
    const loadedFor = deps;
    setState((s) => ({ ...s, loading: true, error: null }));
    fn().then(
      (data) => live && setState({ data, error: null, loading: false, deps: loadedFor }),
      (err) => live && setState({ data: null, error: toApiError(err), loading: false, deps: loadedFor }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  if (!sameDeps(state.deps, deps)) return { data: null, error: null, loading: true, reload };
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

function sameDeps(a: unknown[] | null, b: unknown[]): boolean {
  return a !== null && a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
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
  const loose = error.details.filter(
    (d) => !d.field || !fields.some((f) => d.field === f || d.field!.startsWith(f + '.') || d.field!.startsWith(f + '[')),
  );
  const apiText = error.apiMessage && error.apiMessage !== error.message ? error.apiMessage : null;
  // The clerk reads pt-BR only: a field is named by its form label, and what the API wrote (English,
  // for whoever supports the installation) waits behind "Detalhes técnicos" with the request code.
  return (
    <div className="error-box" role="alert">
      <strong>{error.message}</strong>
      {loose.length > 0 && (
        <ul>
          {loose.map((d, i) => {
            const label = labelOf(d.field);
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: the API's details in its order; the list is replaced whole, never reordered
              <li key={i}>
                {label ? `${label}: ` : null}
                {explainIssue(d.issue, d.field)}
              </li>
            );
          })}
        </ul>
      )}
      {(apiText || error.requestId || loose.some((d) => d.field && !labelOf(d.field))) && (
        <details className="api-details">
          <summary>Detalhes técnicos</summary>
          {apiText && <div className="api-message">Mensagem da API: {apiText}</div>}
          {loose
            .filter((d) => d.field)
            .map((d, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: as above, a list replaced whole
              <div key={i} className="api-message">
                Campo <code>{d.field}</code>: {d.issue}
              </div>
            ))}
          {error.requestId && <div className="request-id">Código da requisição: {error.requestId}</div>}
        </details>
      )}
    </div>
  );
}

/**
 * A labelled form control with its hint and its error. The label wraps the control; the error (the
 * API's `error` for `name`, or `message`, an error found in the browser while typing) and the hint
 * are tied to the control with aria-describedby, and the control gets aria-invalid — whatever the
 * child is (an input, a select, a DateInput, a CustomerPicker): the first form control inside.
 */
export function Field({
  label,
  name,
  error,
  children,
  hint,
  message,
}: {
  label: string;
  name: string;
  error?: ApiError | null;
  children: ReactNode;
  hint?: string;
  message?: string | null;
}) {
  const msg = message || fieldError(error, name);
  const id = useId();
  const errId = `${id}-erro`;
  const hintId = `${id}-dica`;
  const ref = useRef<HTMLDivElement>(null);
  const markedInvalid = useRef(false);
  const showHint = !!hint && !msg;
  // After every render: the control may be any element a page passes, so it is found in the DOM.
  useLayoutEffect(() => {
    const control = ref.current?.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea');
    if (!control) return;
    const own = [errId, hintId];
    const others = (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((t) => t && !own.includes(t));
    const ids = [...others, ...(msg ? [errId] : []), ...(showHint ? [hintId] : [])];
    if (ids.length) control.setAttribute('aria-describedby', ids.join(' '));
    else control.removeAttribute('aria-describedby');
    if (msg) control.setAttribute('aria-invalid', 'true');
    else if (markedInvalid.current) control.removeAttribute('aria-invalid');
    markedInvalid.current = !!msg;
  });
  return (
    // The <label> holds only the words and the control, so the control's accessible name is the
    // label alone; the hint and the error sit beside it, tied by aria-describedby.
    <div ref={ref} className={'field' + (msg ? ' has-error' : '')} data-field={name}>
      {/* biome-ignore lint/a11y/noLabelWithoutControl: the control is `children`, inside the label */}
      <label className="field-control">
        <span className="label">{label}</span>
        {children}
      </label>
      {showHint && (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      )}
      {msg && (
        <span className="field-error" id={errId}>
          {msg}
        </span>
      )}
    </div>
  );
}

export function Pager({
  page,
  pageSize,
  total,
  hasMore,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number | null;
  hasMore: boolean;
  onPage: (p: number) => void;
}) {
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

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), iframe, [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';

/** The elements Tab can reach inside `root`, in order (visible ones only). */
export function focusableIn(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0 && !el.closest('[inert]'));
}

// Open dialogs, the topmost last: Escape and the focus trap belong to the topmost only.
const openModals: symbol[] = [];

/**
 * A modal dialog: role=dialog, aria-modal, named by its title. On open it takes the focus (an
 * autofocused control keeps it; otherwise the first control after the close button), Tab and
 * Shift+Tab stay inside, Escape closes it, and on close the focus goes back to what had it.
 */
export function Modal({ title, onClose, children, wide }: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const me = Symbol('modal');
    openModals.push(me);
    const opener = document.activeElement as HTMLElement | null;
    const dialog = ref.current!;
    if (!dialog.contains(document.activeElement)) {
      const first = focusableIn(dialog).find((el) => !el.classList.contains('close'));
      (first ?? dialog).focus();
    }
    const onKey = (e: KeyboardEvent) => {
      if (openModals[openModals.length - 1] !== me) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        close.current();
      } else if (e.key === 'Tab') {
        const items = focusableIn(dialog);
        if (!items.length) {
          e.preventDefault();
          dialog.focus();
          return;
        }
        const first = items[0];
        const last = items[items.length - 1];
        const active = document.activeElement as HTMLElement | null;
        if (!active || !dialog.contains(active)) {
          e.preventDefault();
          (e.shiftKey ? last : first).focus();
        } else if (e.shiftKey && (active === first || active === dialog)) {
          e.preventDefault();
          last.focus();
        } else if (!e.shiftKey && active === last) {
          e.preventDefault();
          first.focus();
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      const i = openModals.indexOf(me);
      if (i >= 0) openModals.splice(i, 1);
      // Give the focus back, unless the page already moved it somewhere that still exists.
      if (
        opener?.isConnected &&
        (!document.activeElement || document.activeElement === document.body || dialog.contains(document.activeElement))
      )
        opener.focus();
    };
  }, []);
  return (
    <div className="modal-backdrop">
      <div ref={ref} className={'modal' + (wide ? ' wide' : '')} role="dialog" aria-modal="true" aria-labelledby={titleId} tabIndex={-1}>
        <header>
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="close" aria-label="Fechar" onClick={onClose}>
            ×
          </button>
        </header>
        {children}
      </div>
    </div>
  );
}

export function Tabs({
  tabs,
  current,
  onChange,
}: {
  tabs: { id: string; label: string }[];
  current: string;
  onChange: (id: string) => void;
}) {
  return (
    <div className="tabs" role="tablist">
      {tabs.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          aria-selected={t.id === current}
          className={t.id === current ? 'active' : ''}
          onClick={() => onChange(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

export function Progress({ value, max, label }: { value: number; max: number | null; label?: string }) {
  const pct = max ? Math.min(100, Math.round((value / max) * 100)) : null;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label ?? 'Progresso'}
      aria-valuenow={pct ?? undefined}
      aria-valuemin={0}
      aria-valuemax={100}
    >
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
// At most three notices show at once (the newest), each for 5 s or until closed: a clerk working
// fast must not get a column of old notices over the table.
const MAX_NOTICES = 3;
function dropNotice(id: number): void {
  notices = notices.filter((x) => x.id !== id);
  for (const l of noticeListeners) l(notices);
}
export function notify(text: string, kind: 'ok' | 'error' = 'ok'): void {
  const n = { id: nextNotice++, text, kind };
  notices = [...notices, n].slice(-MAX_NOTICES);
  for (const l of noticeListeners) l(notices);
  setTimeout(() => dropNotice(n.id), 5000);
}
export function Notices() {
  const [list, setList] = useState<Notice[]>(notices);
  useEffect(() => {
    noticeListeners.add(setList);
    return () => void noticeListeners.delete(setList);
  }, []);
  return (
    <section className="notices" aria-label="Avisos" aria-live="polite">
      {list.map((n) => (
        <div key={n.id} className={'notice ' + n.kind}>
          <span>{n.text}</span>
          <button type="button" className="notice-close" aria-label="Fechar aviso" onClick={() => dropNotice(n.id)}>
            ×
          </button>
        </div>
      ))}
    </section>
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

/**
 * Search a customer by name, document or e-mail. `label` names the search box for screen readers
 * when no Field wraps it (default "Cliente"; inside a Field the Field's label names it).
 */
export function CustomerPicker({
  value,
  onChange,
  name = 'customer_id',
  label,
}: {
  value: CustomerLite | null;
  onChange: (c: CustomerLite | null) => void;
  name?: string;
  label?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [inLabel, setInLabel] = useState(true);
  useLayoutEffect(() => setInLabel(!!box.current?.closest('label')), []);
  const [text, setText] = useState('');
  const [options, setOptions] = useState<CustomerLite[]>([]);
  const [open, setOpen] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => {
    window.clearTimeout(timer.current);
    if (!open) return;
    timer.current = window.setTimeout(() => {
      get('/v1/customers', { q: text.trim() || undefined, page_size: 8, active: true }).then(
        (p) => setOptions(p.data),
        () => setOptions([]),
      );
    }, 200);
  }, [text, open]);
  if (value) {
    return (
      <div className="picked" ref={box}>
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
    <div className="picker" ref={box}>
      <input
        name={name}
        placeholder="Buscar cliente por nome, documento ou e-mail"
        aria-label={label ?? (inLabel ? undefined : 'Cliente')}
        value={text}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && open && options.length) {
            e.stopPropagation();
            setOpen(false);
          }
        }}
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
                {o.name}{' '}
                <small>
                  {o.document_formatted ?? ''} · nº {o.number}
                </small>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A text input for dates typed as dd/mm/aaaa (other input attributes, e.g. id or aria-*, pass through). */
export function DateInput({
  value,
  onChange,
  name,
  ...rest
}: { value: string; onChange: (v: string) => void; name: string } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange' | 'name'
>) {
  return (
    <input
      inputMode="numeric"
      placeholder="dd/mm/aaaa"
      maxLength={10}
      {...rest}
      name={name}
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
 * shows `done` (if any) and runs `after` (usually the list's reload); an API error becomes a notice.
 */
export async function runAction(
  call: () => Promise<unknown>,
  opts: { confirm?: string; done?: string; after?: () => void } = {},
): Promise<void> {
  if (opts.confirm !== undefined && !confirmAction(opts.confirm)) return;
  try {
    await call();
    if (opts.done) notify(opts.done);
    opts.after?.();
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

/**
 * A table that keeps its columns on a phone and scrolls sideways inside this box instead of
 * becoming cards (for wide tables whose columns must be compared, e.g. a CNAB preview). The box
 * is focusable and named, so a keyboard can scroll it.
 */
export function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable for keyboard users to scroll it (axe: scrollable-region-focusable)
    <section className="table-wrap" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}

/**
 * Copies each column's header text onto its cells as data-label, for the phone layout where a
 * `table.grid` row becomes a card ("Vencimento: 10/12/2026"). Runs on the whole document (App
 * calls it whenever the DOM changes), so no page has to label its cells itself.
 */
export function labelTableCells(root: ParentNode = document): void {
  for (const table of root.querySelectorAll<HTMLTableElement>('table.grid')) {
    const headRow = table.tHead?.rows[table.tHead.rows.length - 1];
    if (!headRow) continue;
    const labels: string[] = [];
    for (const th of headRow.cells) {
      const text = (th.textContent ?? '').replace(/\s+/g, ' ').trim();
      for (let i = 0; i < th.colSpan; i++) labels.push(text);
    }
    for (const body of [...table.tBodies, ...(table.tFoot ? [table.tFoot] : [])]) {
      for (const row of body.rows) {
        let col = 0;
        for (const cell of row.cells) {
          const label = cell.colSpan > 1 && cell.colSpan >= labels.length ? '' : (labels[col] ?? '');
          if (label) {
            if (cell.getAttribute('data-label') !== label) cell.setAttribute('data-label', label);
          } else if (cell.hasAttribute('data-label')) cell.removeAttribute('data-label');
          col += cell.colSpan;
        }
      }
    }
  }
}
