// Dezwork ⇄ Cobre customer mapping. Translation only: presence of the fields Dezwork marks required
// is its request contract; every value rule (CPF/CNPJ, phone, dates, UF, CEP, uniqueness) is the
// domain's, and its errors come back renamed to Dezwork's field names.
import { DomainError, type ErrorDetail } from '../../platform/errors.ts';
import type { Customer, CustomerCreate, CustomerPatch } from '../../customers/schemas.ts';
import type { AddressFields } from '../../customers/customer-contacts.ts';
import { formatPhoneForDezwork } from '../../customers/contact.ts';
import { customerToDraft } from '../../customers/present-customer.ts';
import type { DezworkAddressBody, DezworkClientBody } from './schemas.ts';

// ---- errors raised by the mapping itself ----

const required = (field: string): ErrorDetail => ({ field, issue: 'is required' });

function fail(details: ErrorDetail[]): never {
  throw new DomainError('validation_failed', details.map((d) => `${d.field} ${d.issue}`).join('; '), details);
}

// ---- input values, read liberally ----

/** A street number or phone sent as a JSON integer (PHP callers) is its digits. */
const text = (v: string | number | null | undefined): string | null | undefined => (typeof v === 'number' ? String(v) : v);

const present = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

function personType(body: DezworkClientBody, problems: ErrorDetail[]): 'PF' | 'PJ' | undefined {
  const a = body.type;
  const b = body.Tipo;
  if (!present(a) && !present(b)) {
    problems.push(required('type'));
    return undefined;
  }
  const norm = (v: unknown) => (typeof v === 'string' ? v.trim().toUpperCase() : '');
  if (present(a) && present(b) && norm(a) !== norm(b)) {
    problems.push({ field: 'type', issue: 'type and Tipo disagree' });
    return undefined;
  }
  const v = norm(present(a) ? a : b);
  if (v !== 'PF' && v !== 'PJ') {
    problems.push({ field: 'type', issue: 'must be PF or PJ' });
    return undefined;
  }
  return v;
}

/** 1 / "1" / "F" / "Feminino" → female; 2 / "2" / "M" / "Masculino" → male. */
function gender(v: unknown, problems: ErrorDetail[]): 'female' | 'male' | undefined {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim().toLowerCase() : '';
  if (['1', 'f', 'feminino'].includes(s)) return 'female';
  if (['2', 'm', 'masculino'].includes(s)) return 'male';
  problems.push({ field: 'gender', issue: 'must be 1 (feminino) or 2 (masculino)' });
  return undefined;
}

/** AAAA-MM-DD (the document) or DD/MM/AAAA (what Dezwork returns), checked to be a real date. */
function birthDate(v: string, problems: ErrorDetail[]): string | undefined {
  const s = v.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const br = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : br ? [br[3], br[2], br[1]] : [];
  if (y) {
    const date = `${y}-${m}-${d}`;
    const t = new Date(`${date}T00:00:00Z`);
    if (!Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === date) return date;
  }
  problems.push({ field: 'birthDate', issue: 'must be a date AAAA-MM-DD' });
  return undefined;
}

function flag(v: unknown, field: string, problems: ErrorDetail[]): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (v === true || v === 1 || v === '1' || v === 'true') return true;
  if (v === false || v === 0 || v === '0' || v === 'false') return false;
  problems.push({ field, issue: 'must be true or false' });
  return undefined;
}

function intOf(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'string' && /^\d{1,9}$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

type DomainAddress = NonNullable<CustomerCreate['addresses']>[number];

export interface MappedClient {
  /** Domain fields owned by the Dezwork dialect (the others of a stored customer are left alone). */
  fields: {
    person_type: 'PF' | 'PJ';
    name: string;
    document: string;
    trading_name: string | null;
    state_registration: string | null;
    birth_date: string | null;
    gender: 'female' | 'male' | null;
    active?: boolean;
  };
  phone: string;
  mail: string;
  /** Active addresses only, each with the Dezwork address id it came with (to resolve on update). */
  addresses: { address: DomainAddress; dezworkId?: number; index: number }[];
  password?: string;
}

/**
 * Reads a create/update body: every required parameter (PF: birthDate and gender; PJ: tradingName
 * and stateRegister) must be present; values are passed on to the domain as given.
 */
export function readClient(body: DezworkClientBody): MappedClient {
  const problems: ErrorDetail[] = [];
  const type = personType(body, problems);
  const need = (v: unknown, field: string) => {
    if (!present(v)) problems.push(required(field));
  };
  need(body.name, 'name');
  if (type === 'PJ') {
    need(body.tradingName, 'tradingName');
    need(body.stateRegister, 'stateRegister');
  }
  need(body.document, 'document');
  need(body.phone, 'phone');
  const rawBirth = present(body.birthDate) ? body.birthDate : body.birthdate;
  if (type === 'PF') need(rawBirth, 'birthDate');
  need(body.mail, 'mail');
  if (type === 'PF') need(body.gender, 'gender');
  if (!Array.isArray(body.addresses) || body.addresses.length === 0) problems.push(required('addresses'));
  if (problems.some((p) => p.issue === 'is required')) fail(problems.filter((p) => p.issue === 'is required'));

  const pf = type === 'PF';
  const fields: MappedClient['fields'] = {
    person_type: type!,
    name: body.name!,
    document: body.document!,
    trading_name: pf ? null : body.tradingName!,
    state_registration: pf ? null : body.stateRegister!,
    birth_date: pf ? (birthDate(rawBirth!, problems) ?? null) : null,
    gender: pf ? (gender(body.gender, problems) ?? null) : null,
  };
  const active = flag(body.active, 'active', problems);
  if (active !== undefined) fields.active = active;
  if (!pf && (present(body.gender) || present(rawBirth))) {
    // A PJ has neither; Dezwork's own examples never send them for PJ, so they are refused like the domain refuses them.
    if (present(body.gender)) problems.push({ field: 'gender', issue: 'applies only to PF customers' });
    if (present(rawBirth)) problems.push({ field: 'birthDate', issue: 'applies only to PF customers' });
  }

  const addresses = readAddresses(body.addresses ?? [], problems);
  if (problems.length) fail(problems);
  return { fields, phone: text(body.phone)!, mail: body.mail!, addresses, password: present(body.password) ? body.password! : undefined };
}

function addressKind(v: DezworkAddressBody['type'], field: string, problems: ErrorDetail[]): number | null {
  if (v === undefined || v === null) return null;
  const k = intOf(v);
  if (k === undefined || k > 99) {
    problems.push({ field, issue: 'must be an integer' });
    return null;
  }
  return k;
}

/** A client's addresses: inactive ones are left out; ids are Dezwork's integers. */
function readAddresses(list: DezworkAddressBody[], problems: ErrorDetail[]): MappedClient['addresses'] {
  const addresses: MappedClient['addresses'] = [];
  list.forEach((a, i) => {
    const isActive = flag(a.active, `addresses[${i}].active`, problems);
    if (isActive === false) return;
    const kind = addressKind(a.type, `addresses[${i}].type`, problems);
    let dezworkId: number | undefined;
    if (a.id !== undefined && a.id !== null) {
      dezworkId = intOf(a.id);
      if (dezworkId === undefined) problems.push({ field: `addresses[${i}].id`, issue: 'must be an integer' });
    }
    addresses.push({ address: toDomainAddress(a, kind), dezworkId, index: i });
  });
  return addresses;
}

function toDomainAddress(a: DezworkAddressBody, kind: number | null): DomainAddress {
  return {
    street: a.street ?? null,
    number: text(a.number) ?? null,
    complement: a.complement ?? null,
    district: a.district ?? null,
    city: a.city ?? null,
    state: a.state ?? null,
    postal_code: a.postcode ?? null,
    responsible_name: a.responsibleName ?? null,
    reference: a.reference ?? null,
    kind,
    country: 'BR',
  };
}

/** The create draft. */
export function toCreate(m: MappedClient): CustomerCreate {
  return {
    ...m.fields,
    phones: [{ number: m.phone }],
    emails: [{ email: m.mail, is_primary: true }],
    addresses: m.addresses.map((a) => a.address),
  };
}

export interface ClientUpdate {
  patch: CustomerPatch;
  password?: string;
  /** Domain address index → index in the request body, when addresses were sent (for error names). */
  addressIndex: number[];
}

/**
 * Reads `PUT v1/clientes`, a partial update as the Dezwork SDK sends it (README "Atualizar":
 * `{"id": 123, "active": false}`): a parameter left out keeps the stored value; one sent replaces
 * it, with the same value rules as on creation, and a required parameter sent empty or null is
 * EPT (it cannot be cleared). When the type changes, the new type's required parameters must be
 * sent or already stored, and the other type's fields are cleared (RG and inscrição municipal set
 * through other APIs included). `phone` replaces the first phone and `mail` the primary e-mail
 * (other phones and e-mails stay). `addresses`, when sent, is the client's whole list: ids are
 * Dezwork's integers, resolved to the client's own addresses (another id is refused), addresses
 * without id are added, those left out or inactive are removed.
 */
export function readClientUpdate(body: DezworkClientBody, stored: Customer): ClientUpdate {
  const problems: ErrorDetail[] = [];
  const has = (key: keyof DezworkClientBody) => body[key] !== undefined;
  const storedType = stored.person_type as 'PF' | 'PJ';
  const type = has('type') || has('Tipo') ? personType(body, problems) : storedType;
  const typeChanged = type !== undefined && type !== storedType;
  const birthSent = has('birthDate') || has('birthdate');
  const rawBirth = present(body.birthDate) ? body.birthDate : body.birthdate;
  /** Sent → must have a value; left out → must already be stored when the type changes. */
  const need = (sentValue: unknown, isSent: boolean, storedValue: unknown, field: string) => {
    if (isSent ? !present(sentValue) : typeChanged && !present(storedValue)) problems.push(required(field));
  };
  need(body.name, has('name'), stored.name, 'name');
  need(body.document, has('document'), stored.document, 'document');
  need(body.phone, has('phone'), true, 'phone');
  need(body.mail, has('mail'), true, 'mail');
  if (type === 'PJ') {
    need(body.tradingName, has('tradingName'), stored.trading_name, 'tradingName');
    need(body.stateRegister, has('stateRegister'), stored.state_registration, 'stateRegister');
  }
  if (type === 'PF') {
    need(rawBirth, birthSent, stored.birth_date, 'birthDate');
    need(body.gender, has('gender'), stored.gender, 'gender');
  }
  if (has('addresses') && (!Array.isArray(body.addresses) || body.addresses.length === 0)) problems.push(required('addresses'));
  if (problems.some((p) => p.issue === 'is required')) fail(problems.filter((p) => p.issue === 'is required'));
  if (type === undefined) fail(problems);

  const patch: CustomerPatch = {};
  if (has('type') || has('Tipo')) patch.person_type = type;
  if (has('name')) patch.name = body.name!;
  if (has('document')) patch.document = body.document!;
  if (type === 'PJ') {
    if (has('tradingName')) patch.trading_name = body.tradingName!;
    if (has('stateRegister')) patch.state_registration = body.stateRegister!;
    if (present(body.gender)) problems.push({ field: 'gender', issue: 'applies only to PF customers' });
    if (present(rawBirth)) problems.push({ field: 'birthDate', issue: 'applies only to PF customers' });
    if (typeChanged) Object.assign(patch, { birth_date: null, gender: null, rg: null, rg_issuer: null });
  } else {
    if (birthSent) patch.birth_date = birthDate(rawBirth!, problems) ?? null;
    if (has('gender')) patch.gender = gender(body.gender, problems) ?? null;
    if (typeChanged) Object.assign(patch, { trading_name: null, state_registration: null, municipal_registration: null });
  }
  if (has('active')) {
    const active = flag(body.active, 'active', problems);
    if (active !== undefined) patch.active = active;
  }
  const draft = customerToDraft(stored);
  if (has('phone')) patch.phones = [{ number: text(body.phone)! }, ...draft.phones.slice(1)];
  if (has('mail')) {
    patch.emails = draft.emails.length
      ? draft.emails.map((e) => (e.is_primary ? { ...e, email: body.mail! } : e))
      : [{ email: body.mail!, is_primary: true }];
  }
  let addressIndex: number[] = [];
  if (has('addresses')) {
    const list = readAddresses(body.addresses!, problems);
    addressIndex = list.map((a) => a.index);
    patch.addresses = resolveAddresses(list, stored, problems);
  }
  if (problems.length) fail(problems);
  return { patch, password: present(body.password) ? body.password! : undefined, addressIndex };
}

/** Addresses sent with a Dezwork id keep the stored address (and its Cobre-only fields); one stays primary. */
function resolveAddresses(
  list: MappedClient['addresses'],
  stored: Customer,
  problems: ErrorDetail[],
): NonNullable<CustomerPatch['addresses']> {
  const addresses = list.map(({ address, dezworkId, index }) => {
    if (dezworkId === undefined) return address;
    const own = stored.addresses.find((a) => a.number === dezworkId);
    if (!own) {
      problems.push({ field: `addresses[${index}].id`, issue: 'is not an address of this client' });
      return address;
    }
    return {
      ...address,
      id: own.id,
      is_primary: own.is_primary,
      label: own.label,
      for_billing: own.for_billing,
      for_delivery: own.for_delivery,
      country: own.country,
      region: own.region,
    };
  });
  if (addresses.length && !addresses.some((a) => a.is_primary)) addresses[0].is_primary = true;
  return addresses;
}

// ---- the address resource (v1/clientes/enderecos) ----

const ADDRESS_FIELDS: [keyof DezworkAddressBody, keyof AddressFields][] = [
  ['street', 'street'],
  ['number', 'number'],
  ['complement', 'complement'],
  ['district', 'district'],
  ['city', 'city'],
  ['state', 'state'],
  ['postcode', 'postal_code'],
  ['responsibleName', 'responsible_name'],
  ['reference', 'reference'],
];

/** `POST v1/clientes/enderecos`: a new address of client `idClient`. */
export function readAddressCreate(body: DezworkAddressBody): { clientRef: string; fields: AddressFields } {
  const problems: ErrorDetail[] = [];
  if (!present(body.idClient)) fail([required('idClient')]);
  const clientId = intOf(body.idClient);
  if (clientId === undefined || clientId < 1) problems.push({ field: 'idClient', issue: 'must be a positive integer' });
  if (present(body.id))
    problems.push({ field: 'id', issue: 'must be left out on POST, which creates a new address; send PUT to change an existing one' });
  if (flag(body.active, 'active', problems) === false)
    problems.push({ field: 'active', issue: 'Cobre keeps no inactive addresses: send active true or leave it out' });
  const kind = addressKind(body.type, 'type', problems);
  if (problems.length) fail(problems);
  return { clientRef: String(clientId), fields: { ...toDomainAddress(body, kind) } };
}

/**
 * `PUT v1/clientes/enderecos`: changes only the parameters sent (README "Atualizar":
 * `{"id": 321, "active": false}`). `active: false` removes the address (Cobre keeps no inactive
 * addresses, as in the client's list). `idClient`, when sent, must be the address's own client.
 */
export function readAddressUpdate(body: DezworkAddressBody): {
  ref: string;
  patch: Partial<AddressFields>;
  remove: boolean;
  clientId?: number;
} {
  const problems: ErrorDetail[] = [];
  if (!present(body.id)) fail([required('id')]);
  const id = intOf(body.id);
  if (id === undefined || id < 1) problems.push({ field: 'id', issue: 'must be a positive integer' });
  let clientId: number | undefined;
  if (present(body.idClient)) {
    clientId = intOf(body.idClient);
    if (clientId === undefined || clientId < 1) problems.push({ field: 'idClient', issue: 'must be a positive integer' });
  }
  const remove = flag(body.active, 'active', problems) === false;
  const patch: Partial<AddressFields> = {};
  for (const [from, to] of ADDRESS_FIELDS)
    if (body[from] !== undefined) (patch as Record<string, unknown>)[to] = text(body[from] as string | number | null);
  if (body.type !== undefined) patch.kind = addressKind(body.type, 'type', problems);
  if (problems.length) fail(problems);
  return { ref: String(id), patch, remove, clientId };
}

// ---- output ----

const upper = (s: string | null) => (s === null ? null : s.toLocaleUpperCase('pt-BR'));

function phoneOut(c: Customer): string | null {
  const p = c.phones[0];
  if (!p) return null;
  try {
    return formatPhoneForDezwork(p.number);
  } catch {
    return p.number;
  }
}

function dateOut(d: string | null): string | null {
  if (!d) return null;
  const [y, m, day] = d.split('-');
  return `${day}/${m}/${y}`;
}

const GENDER_OUT: Record<string, string> = { female: 'Feminino', male: 'Masculino', other: 'Outro', not_informed: 'Não informado' };

/**
 * A customer as Dezwork returns it. `birthKey` is `birthDate` in single-client responses and
 * `birthdate` in the paged list, as in the document. The password is never returned.
 */
export function presentClient(c: Customer, birthKey: 'birthDate' | 'birthdate' = 'birthDate') {
  const pf = c.person_type === 'PF';
  return {
    id: c.number,
    type: c.person_type,
    name: c.name,
    ...(pf ? {} : { tradingName: c.trading_name, stateRegister: c.state_registration }),
    document: c.document_formatted,
    phone: phoneOut(c),
    ...(pf ? { [birthKey]: dateOut(c.birth_date) } : {}),
    mail: c.primary_email,
    ...(pf ? { gender: c.gender ? (GENDER_OUT[c.gender] ?? null) : null } : {}),
    active: c.active ? '1' : '0',
    addresses: c.addresses.map((a) => presentAddress(c, a)),
  };
}

/** An address as Dezwork returns it inside a client (upper case, as in the document). */
export function presentAddress(c: Customer, a: Customer['addresses'][number]) {
  return {
    id: a.number,
    idClient: c.number,
    street: upper(a.street),
    number: upper(a.street_number),
    complement: upper(a.complement),
    district: upper(a.district),
    city: upper(a.city),
    state: a.state,
    postcode: a.postal_code,
    responsibleName: upper(a.responsible_name),
    reference: upper(a.reference),
    type: a.kind,
  };
}

// ---- domain field names → Dezwork parameter names (for error messages) ----

const FIELD_NAMES: Record<string, string> = {
  person_type: 'type',
  trading_name: 'tradingName',
  state_registration: 'stateRegister',
  birth_date: 'birthDate',
  birthdate: 'birthDate',
  Tipo: 'type',
  rg: 'rg',
  municipal_registration: 'municipal_registration',
};
const ADDRESS_NAMES: Record<string, string> = {
  postal_code: 'postcode',
  responsible_name: 'responsibleName',
  kind: 'type',
  street_number: 'number',
};

/**
 * Renames a domain (or canonical-schema) field to the Dezwork parameter. `addressIndex` maps the
 * index of a domain address to its index in the request (inactive addresses are not sent on);
 * `addressResource`: the request is one address (v1/clientes/enderecos), its fields at the top level.
 */
export function dezworkField(field: string, addressIndex: number[] = [], addressResource = false): string {
  const f = field.replace(/^body\./, '');
  if (addressResource) {
    // One address at a time: its fields are top-level parameters of the request.
    const own = /^addresses\[\d+\]\.(\w+)$/.exec(f);
    if (own) return ADDRESS_NAMES[own[1]] ?? own[1];
    if (f === 'kind') return 'type';
  }
  if (/^phones(\[\d+\])?(\.number)?$/.test(f)) return 'phone';
  if (/^emails(\[\d+\])?(\.email)?$/.test(f)) return 'mail';
  const addr = /^addresses\[(\d+)\]\.(\w+)$/.exec(f);
  if (addr) {
    const i = addressIndex[Number(addr[1])] ?? Number(addr[1]);
    return `addresses[${i}].${ADDRESS_NAMES[addr[2]] ?? addr[2]}`;
  }
  return FIELD_NAMES[f] ?? f;
}
