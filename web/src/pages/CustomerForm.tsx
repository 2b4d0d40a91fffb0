import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, get, patch, post, type ApiBody, type ErrorDetail } from '../api.ts';
import { localizeError } from '../errors.ts';
import { dateBR, parseDateBR } from '../format.ts';
import { navigate } from '../router.tsx';
import { DateInput, ErrorBox, Field, LoadError, notify, toApiError } from '../ui.tsx';
import { checkCep, checkCepUf, checkDocument, checkEmail, checkPhone, checkUf } from '../validation.ts';
import type { Customer } from './Customers.tsx';
import './forms.css';

export interface AddressForm {
  id?: string;
  label: string;
  street: string;
  number: string;
  complement: string;
  district: string;
  city: string;
  state: string;
  postal_code: string;
  country: string;
  is_primary: boolean;
  for_billing: boolean;
}

export const emptyAddress = (): AddressForm => ({
  label: '',
  street: '',
  number: '',
  complement: '',
  district: '',
  city: '',
  state: '',
  postal_code: '',
  country: 'BR',
  is_primary: false,
  for_billing: true,
});

export function addressFromApi(a: Customer['addresses'][number]): AddressForm {
  return {
    id: a.id,
    label: a.label ?? '',
    street: a.street ?? '',
    number: a.street_number ?? '',
    complement: a.complement ?? '',
    district: a.district ?? '',
    city: a.city ?? '',
    state: a.state ?? '',
    postal_code: a.postal_code ?? '',
    country: a.country ?? 'BR',
    is_primary: !!a.is_primary,
    for_billing: !!a.for_billing,
  };
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

export function addressToApi(a: AddressForm) {
  return {
    ...(a.id ? { id: a.id } : {}),
    label: orNull(a.label),
    street: orNull(a.street),
    number: orNull(a.number),
    complement: orNull(a.complement),
    district: orNull(a.district),
    city: orNull(a.city),
    state: orNull(a.state),
    postal_code: orNull(a.postal_code),
    country: a.country || 'BR',
    is_primary: a.is_primary,
    for_billing: a.for_billing,
  };
}

/** What is wrong in an address as typed (CEP format, UF, CEP and UF of different states), by API path. */
export function addressIssues(a: AddressForm, prefix: string): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  if (a.country && a.country !== 'BR') return out;
  const cep = checkCep(a.postal_code);
  if (cep) out.push({ field: `${prefix}.postal_code`, issue: cep });
  const uf = checkUf(a.state) ?? checkCepUf(a.postal_code, a.state);
  if (uf) out.push({ field: `${prefix}.state`, issue: uf });
  return out;
}

/**
 * Fields checked as the clerk types: a field's message shows once it is complete (a whole CEP, two
 * letters of UF, every digit of a CPF/CNPJ) or once the clerk leaves it, and on a save attempt.
 */
export function useLiveChecks() {
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const touch = (f: string) => setTouched((t) => (t.has(f) ? t : new Set(t).add(f)));
  const touchAll = (fs: string[]) => setTouched((t) => new Set([...t, ...fs]));
  /** The message of `field` if it is to be shown now. */
  const shown = (field: string, message: string | null, complete: boolean) =>
    message && (complete || touched.has(field)) ? message : null;
  return { touch, touchAll, shown };
}

/** Address fields; `prefix` is the API field path, e.g. "addresses[0]". */
export function AddressFields({
  value,
  onChange,
  error,
  prefix,
  checks,
}: {
  value: AddressForm;
  onChange: (a: AddressForm) => void;
  error: ApiError | null;
  prefix: string;
  checks?: ReturnType<typeof useLiveChecks>;
}) {
  const own = useLiveChecks();
  const live = checks ?? own;
  const set = (k: keyof AddressForm) => (e: { target: { value: string } }) =>
    onChange({ ...value, [k]: k === 'state' ? e.target.value.toUpperCase() : e.target.value });
  const issues = addressIssues(value, prefix);
  const issue = (f: string) => issues.find((i) => i.field === `${prefix}.${f}`)?.issue ?? null;
  const cepDigits = value.postal_code.replace(/\D/g, '').length;
  return (
    <div className="form-grid">
      <Field
        label="CEP"
        name={`${prefix}.postal_code`}
        error={error}
        message={live.shown(`${prefix}.postal_code`, issue('postal_code'), cepDigits >= 8)}
      >
        <input
          name="postal_code"
          value={value.postal_code}
          onChange={set('postal_code')}
          onBlur={() => live.touch(`${prefix}.postal_code`)}
          placeholder="00000-000"
          inputMode="numeric"
          autoComplete="postal-code"
        />
      </Field>
      <Field label="Logradouro" name={`${prefix}.street`} error={error}>
        <input name="street" value={value.street} onChange={set('street')} />
      </Field>
      <Field label="Número" name={`${prefix}.number`} error={error}>
        <input name="number" value={value.number} onChange={set('number')} />
      </Field>
      <Field label="Complemento" name={`${prefix}.complement`} error={error}>
        <input name="complement" value={value.complement} onChange={set('complement')} />
      </Field>
      <Field label="Bairro" name={`${prefix}.district`} error={error}>
        <input name="district" value={value.district} onChange={set('district')} />
      </Field>
      <Field label="Cidade" name={`${prefix}.city`} error={error}>
        <input name="city" value={value.city} onChange={set('city')} />
      </Field>
      <Field
        label="UF"
        name={`${prefix}.state`}
        error={error}
        message={live.shown(
          `${prefix}.state`,
          issue('state'),
          value.state.trim().length >= 2 && (cepDigits >= 8 || !value.postal_code.trim()),
        )}
      >
        <input
          name="state"
          value={value.state}
          onChange={set('state')}
          onBlur={() => live.touch(`${prefix}.state`)}
          maxLength={2}
          placeholder="SP"
          autoComplete="address-level1"
        />
      </Field>
      <Field label="Descrição" name={`${prefix}.label`} error={error}>
        <input name="label" value={value.label} onChange={set('label')} placeholder="Sede, cobrança…" />
      </Field>
      <label className="check">
        <input type="checkbox" checked={value.for_billing} onChange={(e) => onChange({ ...value, for_billing: e.target.checked })} />{' '}
        Endereço de cobrança
      </label>
      <label className="check">
        <input type="checkbox" checked={value.is_primary} onChange={(e) => onChange({ ...value, is_primary: e.target.checked })} />{' '}
        Principal
      </label>
    </div>
  );
}

interface FormState {
  person_type: 'PF' | 'PJ';
  name: string;
  document: string;
  trading_name: string;
  state_registration: string;
  birth_date: string;
  email: string;
  phone: string;
  external_code: string;
  notes: string;
  address: AddressForm;
}

const empty = (): FormState => ({
  person_type: 'PJ',
  name: '',
  document: '',
  trading_name: '',
  state_registration: '',
  birth_date: '',
  email: '',
  phone: '',
  external_code: '',
  notes: '',
  address: emptyAddress(),
});

/** Incluir+ / Editar: on a failed save the form keeps everything typed and shows why next to each field. */
export function CustomerFormPage({ id }: { id: string | null }) {
  const [form, setForm] = useState<FormState>(empty);
  const [original, setOriginal] = useState<Customer | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!id) return;
    get(`/v1/customers/${id}`).then(
      (c) => {
        setOriginal(c);
        setForm({
          person_type: c.person_type,
          name: c.name,
          document: c.document_formatted ?? c.document ?? '',
          trading_name: c.trading_name ?? '',
          state_registration: c.state_registration ?? '',
          birth_date: dateBR(c.birth_date) === '—' ? '' : dateBR(c.birth_date),
          email: c.primary_email ?? '',
          phone: c.phones[0]?.formatted ?? '',
          external_code: c.external_code ?? '',
          notes: c.notes ?? '',
          address: c.addresses[0] ? addressFromApi(c.addresses[0]) : emptyAddress(),
        });
      },
      (err) => setLoadError(toApiError(err)),
    );
  }, [id]);

  const set = (k: keyof FormState) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const pf = form.person_type === 'PF';
  const live = useLiveChecks();
  // Errors on the first address/e-mail are shown on these fields.
  const fieldNames = [
    'person_type',
    'name',
    'document',
    'trading_name',
    'state_registration',
    'birth_date',
    'emails',
    'phones',
    'external_code',
    'notes',
    'addresses[0]',
  ];
  const docLabel = pf ? 'CPF' : 'CNPJ';
  const labels = {
    document: docLabel,
    name: pf ? 'Nome completo' : 'Razão social',
    emails: 'E-mail principal',
    'emails[].email': 'E-mail principal',
    phones: 'Telefone',
    'phones[].number': 'Telefone',
  };
  const docChars = form.document.replace(pf ? /\D/g : /[^0-9A-Za-z]/g, '').length;
  const hasAddressInput = Object.entries(form.address).some(([k, v]) => typeof v === 'string' && v.trim() !== '' && k !== 'country');
  const liveIssues: ErrorDetail[] = [
    ...[
      ['document', checkDocument(form.document, form.person_type)],
      ['emails', checkEmail(form.email)],
      ['phones', checkPhone(form.phone)],
    ].flatMap(([field, issue]) => (issue ? [{ field: field!, issue }] : [])),
    ...(hasAddressInput ? addressIssues(form.address, 'addresses[0]') : []),
  ];
  const liveIssue = (f: string) => liveIssues.find((i) => i.field === f)?.issue ?? null;
  // After a save attempt the box lists what is still wrong, and empties as the clerk fixes it.
  const [attempted, setAttempted] = useState(false);
  const boxError =
    attempted && liveIssues.length
      ? localizeError(new ApiError(400, 'validation_failed', '', liveIssues, null), { labels, shown: fieldNames })
      : error;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    let birth: string | null = null;
    if (pf && form.birth_date.trim()) {
      birth = parseDateBR(form.birth_date);
      if (!birth)
        return setError(
          new ApiError(
            400,
            'validation_failed',
            'birth_date',
            [{ field: 'birth_date', issue: 'deve ser uma data válida no formato dd/mm/aaaa' }],
            null,
          ),
        );
    }
    if (liveIssues.length) {
      // Nothing is sent while a field is visibly wrong: every message shows, and the box names the fields.
      live.touchAll(liveIssues.map((i) => i.field!));
      return setAttempted(true);
    }
    const hasAddress = hasAddressInput;
    const body: Record<string, unknown> = {
      person_type: form.person_type,
      name: form.name,
      document: orNull(form.document),
      external_code: orNull(form.external_code),
      notes: orNull(form.notes),
      phones: form.phone.trim() ? [{ number: form.phone.trim() }] : [],
    };
    if (pf) {
      body.birth_date = birth;
      if (original?.person_type === 'PJ') Object.assign(body, { trading_name: null, state_registration: null });
    } else {
      body.trading_name = orNull(form.trading_name);
      body.state_registration = orNull(form.state_registration);
    }
    // E-mails and addresses: the edited first one replaces the first; the others are kept.
    const otherEmails = (original?.emails ?? [])
      .filter((m) => m.email !== original?.primary_email)
      .map((m) => ({ id: m.id, email: m.email, label: m.label, is_primary: false }));
    const primaryId = original?.emails.find((m) => m.email === original.primary_email)?.id;
    body.emails = form.email.trim()
      ? [
          {
            ...(primaryId && form.email.trim().toLowerCase() === original?.primary_email ? { id: primaryId } : {}),
            email: form.email.trim(),
            is_primary: true,
          },
          ...otherEmails,
        ]
      : otherEmails;
    const otherAddresses = (original?.addresses ?? []).slice(1).map((a) => addressToApi(addressFromApi(a)));
    body.addresses = hasAddress ? [addressToApi({ ...form.address, is_primary: true }), ...otherAddresses] : otherAddresses;
    setBusy(true);
    try {
      // The body is built field by field above (person_type and name always): the API validates it.
      const saved = id ? await patch(`/v1/customers/${id}`, body) : await post('/v1/customers', body as ApiBody<'POST', '/v1/customers'>);
      notify(id ? 'Cliente alterado.' : `Cliente nº ${saved.number} incluído.`);
      navigate(`/clientes/${saved.id}`);
    } catch (err) {
      setError(localizeError(toApiError(err), { labels, shown: fieldNames, values: { document: form.document } }));
    } finally {
      setBusy(false);
    }
  };

  if (loadError) return <LoadError error={loadError} what="Cliente" />;

  return (
    <form onSubmit={submit} className="page-form" noValidate>
      <h1>{id ? `Editar cliente${original ? ` nº ${original.number}` : ''}` : 'Incluir cliente'}</h1>
      <ErrorBox error={boxError} fields={fieldNames} />
      <fieldset>
        <legend>Dados</legend>
        <div className="form-grid">
          <Field label="Tipo de pessoa" name="person_type" error={error}>
            <select name="person_type" value={form.person_type} onChange={set('person_type')}>
              <option value="PJ">Pessoa jurídica</option>
              <option value="PF">Pessoa física</option>
            </select>
          </Field>
          <Field label={pf ? 'Nome completo' : 'Razão social'} name="name" error={error}>
            <input name="name" value={form.name} onChange={set('name')} />
          </Field>
          <Field
            label={docLabel}
            name="document"
            error={error}
            message={live.shown('document', liveIssue('document'), docChars >= (pf ? 11 : 14))}
          >
            <input
              name="document"
              value={form.document}
              onChange={set('document')}
              onBlur={() => live.touch('document')}
              inputMode={pf ? 'numeric' : 'text'}
              placeholder={pf ? '000.000.000-00' : '00.000.000/0000-00'}
            />
          </Field>
          {pf ? (
            <Field label="Data de nascimento" name="birth_date" error={error}>
              <DateInput name="birth_date" value={form.birth_date} onChange={(v) => setForm({ ...form, birth_date: v })} />
            </Field>
          ) : (
            <>
              <Field label="Nome fantasia" name="trading_name" error={error}>
                <input name="trading_name" value={form.trading_name} onChange={set('trading_name')} />
              </Field>
              <Field label="Inscrição estadual" name="state_registration" error={error}>
                <input name="state_registration" value={form.state_registration} onChange={set('state_registration')} />
              </Field>
            </>
          )}
          <Field label="E-mail principal" name="emails" error={error} message={live.shown('emails', liveIssue('emails'), false)}>
            <input
              name="email"
              type="email"
              value={form.email}
              onChange={set('email')}
              onBlur={() => live.touch('emails')}
              autoComplete="email"
            />
          </Field>
          <Field label="Telefone" name="phones" error={error} message={live.shown('phones', liveIssue('phones'), false)}>
            <input
              name="phone"
              type="tel"
              value={form.phone}
              onChange={set('phone')}
              onBlur={() => live.touch('phones')}
              placeholder="(11) 99999-9999"
              autoComplete="tel"
            />
          </Field>
          <Field label="Código externo" name="external_code" error={error} hint="O código do cliente no seu sistema">
            <input name="external_code" value={form.external_code} onChange={set('external_code')} />
          </Field>
          <Field label="Observações" name="notes" error={error}>
            <input name="notes" value={form.notes} onChange={set('notes')} />
          </Field>
        </div>
      </fieldset>
      <fieldset>
        <legend>Endereço principal</legend>
        <AddressFields
          value={form.address}
          onChange={(a) => setForm({ ...form, address: a })}
          error={error}
          prefix="addresses[0]"
          checks={live}
        />
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Salvando…' : 'Salvar'}
        </button>
        <button type="button" onClick={() => history.back()}>
          Cancelar
        </button>
      </div>
    </form>
  );
}
