// Configurações → Modelos de mensagem: event × channel × locale; subject, text and HTML (WhatsApp:
// the approved template's name and its parameters); the variables with descriptions (a click
// inserts one where the cursor is); Pré-visualizar with sample values or a charge's; save (the
// API names an unknown variable); back to the built-in template.
import { useEffect, useRef, useState } from 'react';
import { ApiError, del, get, post, put } from '../../api.ts';
import { dateTimeBR } from '../../format.ts';
import { setQuery, useLocation } from '../../router.tsx';
import { ErrorBox, Field, LoadError, notify, toApiError, useAsync } from '../../ui.tsx';
import { CHANNEL_LABEL, CHANNELS, EVENT_LABEL, EVENTS, LOCALE_LABEL, LOCALES } from './labels.ts';
import '../../notifications.css';

interface Template {
  event: string;
  channel: string;
  locale: string;
  subject: string | null;
  body: string;
  html: string | null;
  whatsapp_template: string | null;
  customized: boolean;
  updated_at: string | null;
  variables: { name: string; description: string }[];
}

interface Preview {
  subject: string | null;
  text: string;
  html: string | null;
  whatsapp: { name: string; language: string; parameters: string[] } | null;
  sample: boolean;
}

type TextField = 'subject' | 'body' | 'html';

export function TemplatesPage() {
  const { query } = useLocation();
  const event = query.get('evento') ?? 'charge_created';
  const channel = query.get('canal') ?? 'email';
  const locale = query.get('idioma') ?? 'pt-BR';
  const key = `${event}/${channel}/${locale}`;
  const loaded = useAsync(() => get(`/v1/notification-templates/${event}/${channel}/${locale}`), [key]);
  return (
    <div>
      <h1>Modelos de mensagem</h1>
      {/* biome-ignore lint/a11y/useSemanticElements: the filter bar's layout (.filters) is shared with the other lists' filter bars, which are divs */}
      <div className="filters" role="group" aria-label="Qual modelo">
        <Field label="Evento" name="event">
          <select name="event" value={event} onChange={(e) => setQuery({ evento: e.target.value })}>
            {EVENTS.map((v) => (
              <option key={v} value={v}>
                {EVENT_LABEL[v]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Canal" name="channel">
          <select name="channel" value={channel} onChange={(e) => setQuery({ canal: e.target.value })}>
            {CHANNELS.map((v) => (
              <option key={v} value={v}>
                {CHANNEL_LABEL[v]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Idioma" name="locale">
          <select name="locale" value={locale} onChange={(e) => setQuery({ idioma: e.target.value })}>
            {LOCALES.map((v) => (
              <option key={v} value={v}>
                {LOCALE_LABEL[v]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {loaded.error && <LoadError error={loaded.error} what="Modelo de mensagem" />}
      {loaded.data && (
        <Editor key={key + (loaded.data.updated_at ?? '') + loaded.data.customized} template={loaded.data} onSaved={loaded.reload} />
      )}
    </div>
  );
}

function Editor({ template, onSaved }: { template: Template; onSaved: () => void }) {
  const path = `/v1/notification-templates/${template.event}/${template.channel}/${template.locale}` as const;
  const [subject, setSubject] = useState(template.subject ?? '');
  const [body, setBody] = useState(template.body);
  const [html, setHtml] = useState(template.html ?? '');
  const [wa, setWa] = useState(template.whatsapp_template ?? '');
  const [chargeRef, setChargeRef] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const refs = {
    subject: useRef<HTMLInputElement>(null),
    body: useRef<HTMLTextAreaElement>(null),
    html: useRef<HTMLTextAreaElement>(null),
  };
  const lastFocus = useRef<TextField>('body');
  const isEmail = template.channel === 'email';
  const isWa = template.channel === 'whatsapp';
  // biome-ignore lint/correctness/useExhaustiveDependencies: another template makes the preview stale
  useEffect(() => setPreview(null), [template]);

  const texts = () => ({
    ...(isEmail ? { subject, html: html.trim() ? html : null } : {}),
    body,
    ...(isWa ? { whatsapp_template: wa.trim() || null } : {}),
  });

  const insert = (name: string) => {
    const field = lastFocus.current;
    const el = refs[field].current;
    const token = `{{${name}}}`;
    const [value, setter] = field === 'subject' ? [subject, setSubject] : field === 'html' ? [html, setHtml] : [body, setBody];
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    setter(value.slice(0, start) + token + value.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await put(path, texts());
      notify('Modelo salvo.');
      onSaved();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const runPreview = async () => {
    setBusy(true);
    setError(null);
    try {
      let charge_id: string | undefined;
      if (chargeRef.trim()) {
        const ref = chargeRef.trim().replace(/^n[ºo°]?\s*/i, '');
        try {
          charge_id = (await get(`/v1/charges/${encodeURIComponent(ref)}`)).id;
        } catch (err) {
          const e = toApiError(err);
          if (e.status === 404) {
            setError(
              new ApiError(
                404,
                'not_found',
                `Charge ${ref} not found`,
                [{ field: 'charge_id', issue: 'cobrança não encontrada' }],
                e.requestId,
              ),
            );
            return;
          }
          throw err;
        }
      }
      setPreview(await post(`${path}/preview`, { ...texts(), ...(charge_id ? { charge_id } : {}) }));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const restore = async () => {
    if (!window.confirm('Voltar ao modelo padrão do Cobre? O texto personalizado será perdido.')) return;
    try {
      await del(path);
      notify('Modelo padrão restaurado.');
      onSaved();
    } catch (err) {
      setError(toApiError(err));
    }
  };

  return (
    <div className="template-layout">
      <form
        className="panel"
        aria-label="Editar modelo"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <p className="muted">
          {template.customized
            ? `Modelo personalizado, alterado em ${dateTimeBR(template.updated_at)}.`
            : 'Modelo padrão do Cobre (ainda não personalizado).'}
        </p>
        <ErrorBox error={error} fields={['subject', 'body', 'html', 'whatsapp_template', 'charge_id']} />
        {isWa && (
          <Field
            label="Nome do modelo aprovado pela Meta"
            name="whatsapp_template"
            error={error}
            hint="Letras minúsculas, números e _ (ex.: lembrete_vencimento)"
          >
            <input name="whatsapp_template" value={wa} onChange={(e) => setWa(e.target.value)} />
          </Field>
        )}
        {isEmail && (
          <Field label="Assunto" name="subject" error={error}>
            <input
              name="subject"
              ref={refs.subject}
              value={subject}
              onFocus={() => (lastFocus.current = 'subject')}
              onChange={(e) => setSubject(e.target.value)}
            />
          </Field>
        )}
        <Field
          label={isWa ? 'Parâmetros do modelo (um por linha, na ordem {{1}}, {{2}}…)' : isEmail ? 'Texto' : 'Texto do SMS'}
          name="body"
          error={error}
          hint={template.channel === 'sms' ? `${body.length} caractere(s); até 1000` : undefined}
        >
          <textarea
            name="body"
            ref={refs.body}
            rows={isWa ? 6 : 12}
            value={body}
            onFocus={() => (lastFocus.current = 'body')}
            onChange={(e) => setBody(e.target.value)}
          />
        </Field>
        {isEmail && (
          <Field
            label="HTML (opcional)"
            name="html"
            error={error}
            hint="Vazio: o e-mail em HTML é montado a partir do texto. Os valores são escapados."
          >
            <textarea
              name="html"
              className="code"
              ref={refs.html}
              rows={8}
              value={html}
              onFocus={() => (lastFocus.current = 'html')}
              onChange={(e) => setHtml(e.target.value)}
            />
          </Field>
        )}
        <div className="form-grid">
          <Field label="Cobrança para a pré-visualização (nº, opcional)" name="charge_id" error={error} hint="Vazio: valores de exemplo">
            <input name="preview_charge" inputMode="numeric" value={chargeRef} onChange={(e) => setChargeRef(e.target.value)} />
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            Salvar modelo
          </button>
          <button type="button" disabled={busy} onClick={runPreview}>
            Pré-visualizar
          </button>
          {template.customized && (
            <button type="button" className="link danger" onClick={restore}>
              Restaurar modelo padrão
            </button>
          )}
        </div>
        {preview && <PreviewBox preview={preview} />}
      </form>
      <aside className="panel" aria-labelledby="vars-title">
        <h2 id="vars-title">Variáveis</h2>
        <p className="muted">Clique para inserir no campo onde está o cursor.</p>
        <ul className="variables">
          {template.variables.map((v) => (
            <li key={v.name}>
              <button
                type="button"
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => insert(v.name)}
                aria-label={`Inserir {{${v.name}}}: ${v.description}`}
              >
                <code>{`{{${v.name}}}`}</code>
                <small>{v.description}</small>
              </button>
            </li>
          ))}
        </ul>
      </aside>
    </div>
  );
}

function PreviewBox({ preview }: { preview: Preview }) {
  return (
    <section className="preview-box" aria-labelledby="preview-title" data-preview>
      <h3 id="preview-title">Pré-visualização {preview.sample ? '(valores de exemplo)' : '(valores da cobrança)'}</h3>
      {preview.whatsapp && (
        <p>
          Modelo WhatsApp <code>{preview.whatsapp.name}</code> ({preview.whatsapp.language}), parâmetros:
        </p>
      )}
      {preview.whatsapp ? (
        <ol>
          {preview.whatsapp.parameters.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: WhatsApp template parameters are positional ({{1}}, {{2}}…)
            <li key={i}>{p}</li>
          ))}
        </ol>
      ) : (
        <>
          {preview.subject !== null && (
            <p>
              <strong>Assunto:</strong> {preview.subject}
            </p>
          )}
          <pre>{preview.text}</pre>
          {preview.html && (
            <>
              <h4>Versão HTML</h4>
              <iframe sandbox="" srcDoc={preview.html} title="Pré-visualização do e-mail em HTML" />
            </>
          )}
        </>
      )}
    </section>
  );
}
