// Configurações → Régua de cobrança: the tenant's default schedule (steps relative to the due date:
// lembrar / suspender contrato / marcar para protesto, the message and its channels), calendar or
// business days, quiet hours; created from the built-in template when the tenant has none.
import { useState } from 'react';
import { ApiError, get, patch, post, type ApiResponse } from '../../api.ts';
import { dateTimeBR } from '../../format.ts';
import { EmptyRow, ErrorBox, Field, fieldError, LoadError, notify, toApiError, useAsync } from '../../ui.tsx';
import type { ReactNode } from 'react';
import {
  ACTION_LABEL,
  CHANNEL_LABEL,
  CHANNELS,
  channelsLabel,
  DAY_KIND_LABEL,
  EVENT_LABEL,
  offsetLabel,
  STEP_EVENTS_FOR,
} from './labels.ts';
import '../../notifications.css';

type Documented = ApiResponse<'GET', '/v1/dunning-schedules/default-template'>;
type DocumentedStep = Documented['steps'][number];
export interface Step {
  key?: string;
  offset_days: number;
  action: DocumentedStep['action'];
  event: DocumentedStep['event'];
  channels: DocumentedStep['channels'];
}
export interface ScheduleBody {
  day_kind: Documented['day_kind'];
  quiet_start: string | null;
  quiet_end: string | null;
  steps: Step[];
}
export interface Schedule extends ScheduleBody {
  id: string;
  name: string;
  is_default: boolean;
  updated_at: string;
}

export function SchedulePage() {
  const list = useAsync(() => get('/v1/dunning-schedules'), []);
  const template = useAsync(() => get('/v1/dunning-schedules/default-template'), []);
  const [error, setError] = useState<ApiError | null>(null);
  const def = list.data?.data.find((s) => s.is_default) ?? null;
  const others = list.data?.data.filter((s) => !s.is_default) ?? [];

  const createFromTemplate = async () => {
    if (!template.data) return;
    setError(null);
    try {
      const { day_kind, quiet_start, quiet_end, steps } = template.data;
      await post('/v1/dunning-schedules', {
        name: 'Régua padrão',
        is_default: true,
        day_kind,
        quiet_start,
        quiet_end,
        steps: steps.map(stripKey),
      });
      notify('Régua de cobrança criada a partir do modelo.');
      list.reload();
    } catch (err) {
      setError(toApiError(err));
    }
  };

  return (
    <div>
      <h1>Régua de cobrança</h1>
      <p className="muted">
        Os passos que o Cobre dá em cada cobrança em aberto, contados a partir do vencimento. Um passo é dado uma única vez por cobrança;
        clientes e contratos podem ter outra régua ou ficar pausados (na página do cliente).
      </p>
      {list.error && <LoadError error={list.error} what="Régua de cobrança" />}
      <ErrorBox error={error} />
      {list.data && !def && (
        <section className="panel" aria-labelledby="builtin-title">
          <h2 id="builtin-title">Em uso: a régua padrão do Cobre</h2>
          <p>A empresa ainda não tem régua própria. Estes são os passos do modelo embutido:</p>
          {template.error && <LoadError error={template.error} what="Modelo de régua" />}
          {template.data && <ReadOnlySteps body={template.data} />}
          <div className="form-actions">
            <button type="button" className="primary" disabled={!template.data} onClick={createFromTemplate}>
              Criar régua a partir do modelo
            </button>
          </div>
        </section>
      )}
      {def && <ScheduleEditor key={def.id + def.updated_at} schedule={def} onSaved={list.reload} />}
      {others.length > 0 && (
        <section aria-labelledby="others-title">
          <h2 id="others-title">Outras réguas</h2>
          <p className="muted">Atribuídas a clientes ou contratos específicos.</p>
          {others.map((s) => (
            <div className="panel" key={s.id}>
              <h3>{s.name}</h3>
              <ReadOnlySteps body={s} />
            </div>
          ))}
        </section>
      )}
    </div>
  );
}

/** A field in a table cell: the label is read by screen readers (the column header shows it), the error is shown. */
function CellField({
  label,
  name,
  error,
  hint,
  children,
}: {
  label: string;
  name: string;
  error: ApiError | null;
  hint?: string;
  children: ReactNode;
}) {
  const msg = fieldError(error, name);
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is `children`, inside the label
    <label className={'field' + (msg ? ' has-error' : '')} data-field={name}>
      <span className="sr-only">{label}</span>
      {children}
      {hint && !msg && <span className="hint">{hint}</span>}
      {msg && <span className="field-error">{msg}</span>}
    </label>
  );
}

const stripKey = ({ offset_days, action, event, channels }: Step): Step => ({ offset_days, action, event, channels });

export function ReadOnlySteps({ body }: { body: ScheduleBody }) {
  return (
    <>
      <p>
        {DAY_KIND_LABEL[body.day_kind] ?? body.day_kind}
        {body.quiet_start && body.quiet_end
          ? ` · sem mensagens das ${body.quiet_start} às ${body.quiet_end}`
          : ' · mensagens a qualquer hora'}
      </p>
      <table className="grid compact">
        <thead>
          <tr>
            <th>Quando</th>
            <th>Ação</th>
            <th>Mensagem</th>
            <th>Canais</th>
          </tr>
        </thead>
        <tbody>
          {body.steps.length === 0 && <EmptyRow colSpan={4}>Nenhum passo.</EmptyRow>}
          {body.steps.map((s, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: steps have no id; a read-only list
            <tr key={i}>
              <td>{offsetLabel(s.offset_days)}</td>
              <td>{ACTION_LABEL[s.action] ?? s.action}</td>
              <td>{s.event ? (EVENT_LABEL[s.event] ?? s.event) : '—'}</td>
              <td>{channelsLabel(s.channels)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function ScheduleEditor({ schedule, onSaved }: { schedule: Schedule; onSaved: () => void }) {
  const [name, setName] = useState(schedule.name);
  const [dayKind, setDayKind] = useState(schedule.day_kind);
  const [quiet, setQuiet] = useState(!!schedule.quiet_start);
  const [qs, setQs] = useState(schedule.quiet_start ?? '20:00');
  const [qe, setQe] = useState(schedule.quiet_end ?? '08:00');
  const [steps, setSteps] = useState<(Omit<Step, 'offset_days'> & { offset: string })[]>(
    schedule.steps.map((s) => ({ ...stripKey(s), offset: String(s.offset_days) })),
  );
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const change = (i: number, patchStep: Partial<(typeof steps)[number]>) =>
    setSteps(steps.map((s, j) => (i === j ? { ...s, ...patchStep } : s)));

  const save = async () => {
    const bad = steps.flatMap((s, i) =>
      /^[-+−]?\d+$/.test(s.offset.trim())
        ? []
        : [{ field: `steps[${i}].offset_days`, issue: 'informe um número inteiro de dias (ex.: -5, 0, 7)' }],
    );
    if (bad.length) return setError(new ApiError(400, 'validation_failed', 'Verifique os passos', bad, null));
    setBusy(true);
    setError(null);
    try {
      await patch(`/v1/dunning-schedules/${schedule.id}`, {
        name: name.trim(),
        day_kind: dayKind,
        quiet_start: quiet ? qs.trim() : null,
        quiet_end: quiet ? qe.trim() : null,
        steps: steps.map((s) => ({
          offset_days: Number(s.offset.trim().replace('−', '-')),
          action: s.action,
          event: s.event,
          channels: s.channels,
        })),
      });
      notify('Régua de cobrança salva.');
      onSaved();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="panel"
      aria-labelledby="schedule-title"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <h2 id="schedule-title">Régua padrão da empresa</h2>
      <p className="muted">Alterada em {dateTimeBR(schedule.updated_at)}.</p>
      <ErrorBox error={error} fields={['name', 'day_kind', 'quiet_start', 'quiet_end', ...steps.map((_, i) => `steps[${i}]`)]} />
      <div className="form-grid">
        <Field label="Nome" name="name" error={error}>
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Contagem dos dias" name="day_kind" error={error}>
          <select name="day_kind" value={dayKind} onChange={(e) => setDayKind(e.target.value as ScheduleBody['day_kind'])}>
            <option value="calendar">{DAY_KIND_LABEL.calendar}</option>
            <option value="business">{DAY_KIND_LABEL.business}</option>
          </select>
        </Field>
      </div>
      <label className="check">
        <input type="checkbox" name="quiet" checked={quiet} onChange={(e) => setQuiet(e.target.checked)} /> Não enviar mensagens à noite
        (horário de Brasília)
      </label>
      {quiet && (
        <div className="form-grid">
          <Field label="Sem mensagens a partir das" name="quiet_start" error={error}>
            <input name="quiet_start" type="time" value={qs} onChange={(e) => setQs(e.target.value)} />
          </Field>
          <Field label="até as" name="quiet_end" error={error}>
            <input name="quiet_end" type="time" value={qe} onChange={(e) => setQe(e.target.value)} />
          </Field>
        </div>
      )}
      <h3>Passos</h3>
      <table className="grid steps">
        <thead>
          <tr>
            <th>Dias em relação ao vencimento</th>
            <th>Ação</th>
            <th>Mensagem (modelo)</th>
            <th>Canais</th>
            <th>
              <span className="sr-only">Ações</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {steps.length === 0 && <EmptyRow colSpan={5}>Nenhum passo: a régua não faz nada.</EmptyRow>}
          {steps.map((s, i) => {
            const events = STEP_EVENTS_FOR[s.action] ?? [];
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: steps being edited have no id; a step is its position
              <tr key={i} data-step={i}>
                <td>
                  <CellField
                    label={`Dias do passo ${i + 1}`}
                    name={`steps[${i}].offset_days`}
                    error={error}
                    hint={/^-?\d+$/.test(s.offset) ? offsetLabel(Number(s.offset)) : undefined}
                  >
                    <input
                      className="narrow"
                      name={`offset_${i}`}
                      inputMode="numeric"
                      value={s.offset}
                      onChange={(e) => change(i, { offset: e.target.value })}
                    />
                  </CellField>
                </td>
                <td>
                  <CellField label={`Ação do passo ${i + 1}`} name={`steps[${i}].action`} error={error}>
                    <select
                      name={`action_${i}`}
                      value={s.action}
                      onChange={(e) => {
                        const action = e.target.value as Step['action'];
                        const evs = STEP_EVENTS_FOR[action] ?? [];
                        change(i, {
                          action,
                          event: action === 'notify' ? (evs.includes(s.event ?? '') ? s.event : 'overdue') : null,
                          channels:
                            action === 'flag_protest' || action === 'suspend_contract' ? [] : s.channels.length ? s.channels : ['email'],
                        });
                      }}
                    >
                      {Object.keys(ACTION_LABEL).map((a) => (
                        <option key={a} value={a}>
                          {ACTION_LABEL[a]}
                        </option>
                      ))}
                    </select>
                  </CellField>
                </td>
                <td>
                  {events.length > 0 ? (
                    <CellField label={`Mensagem do passo ${i + 1}`} name={`steps[${i}].event`} error={error}>
                      <select
                        name={`event_${i}`}
                        value={s.event ?? ''}
                        onChange={(e) =>
                          change(i, {
                            event: (e.target.value || null) as Step['event'],
                            channels: e.target.value ? (s.channels.length ? s.channels : ['email']) : [],
                          })
                        }
                      >
                        {s.action !== 'notify' && <option value="">Nenhuma</option>}
                        {events.map((ev) => (
                          <option key={ev} value={ev}>
                            {EVENT_LABEL[ev]}
                          </option>
                        ))}
                      </select>
                    </CellField>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td>
                  {s.event ? (
                    // biome-ignore lint/a11y/useSemanticElements: a compact row of checkboxes inside a table cell; a fieldset's box and legend do not fit there
                    <div
                      role="group"
                      aria-label={`Canais do passo ${i + 1}`}
                      className={'field' + (fieldError(error, `steps[${i}].channels`) ? ' has-error' : '')}
                      data-field={`steps[${i}].channels`}
                    >
                      <span className="channel-checks">
                        {CHANNELS.map((c) => (
                          <span key={c} className="check">
                            <input
                              type="checkbox"
                              id={`step-${i}-${c}`}
                              checked={s.channels.includes(c)}
                              onChange={(e) =>
                                change(i, { channels: e.target.checked ? [...s.channels, c] : s.channels.filter((x) => x !== c) })
                              }
                            />
                            <label htmlFor={`step-${i}-${c}`}>{CHANNEL_LABEL[c]}</label>
                          </span>
                        ))}
                      </span>
                      {fieldError(error, `steps[${i}].channels`) && (
                        <span className="field-error">{fieldError(error, `steps[${i}].channels`)}</span>
                      )}
                    </div>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="actions">
                  <button
                    type="button"
                    className="link danger"
                    onClick={() => setSteps(steps.filter((_, j) => j !== i))}
                    aria-label={`Remover o passo ${i + 1}`}
                  >
                    Remover
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="form-actions">
        <button type="button" onClick={() => setSteps([...steps, { offset: '', action: 'notify', event: 'overdue', channels: ['email'] }])}>
          Incluir passo
        </button>
        <button type="submit" className="primary" disabled={busy}>
          Salvar régua
        </button>
      </div>
    </form>
  );
}
