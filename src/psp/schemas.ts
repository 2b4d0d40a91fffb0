import { Type, type Static } from 'typebox';
import { Nullable } from '../platform/http/common-schemas.ts';

const PEM_MAX = 64 * 1024;

export const CertificateInput = Type.Union(
  [
    Type.Object(
      {
        format: Type.Literal('pem'),
        cert_pem: Type.String({
          minLength: 1,
          maxLength: PEM_MAX,
          description: 'The client certificate the PSP issued (PEM), with its chain if any',
        }),
        key_pem: Type.String({ minLength: 1, maxLength: PEM_MAX, description: 'Its private key (PEM)' }),
        key_password: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'Password of an encrypted private key' }))),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        format: Type.Literal('pfx'),
        pfx_base64: Type.String({ minLength: 1, maxLength: 2 * PEM_MAX, description: 'The PKCS#12 (.pfx/.p12) file, base64' }),
        password: Type.String({ maxLength: 200 }),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'The mTLS client certificate the PSP requires (stored encrypted, never returned)' },
);

const connectionFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  base_url: Type.String({
    minLength: 1,
    maxLength: 500,
    description: "The PSP's API Pix base URL (https), e.g. https://pix.example-psp.com.br/api/v2",
  }),
  token_url: Type.Optional(
    Nullable(Type.String({ maxLength: 500, description: 'OAuth2 token endpoint; default base_url + /oauth/token' })),
  ),
  client_id: Type.String({ minLength: 1, maxLength: 500 }),
  client_secret: Type.String({ minLength: 1, maxLength: 2000, description: 'Stored encrypted, never returned' }),
  certificate: Nullable(CertificateInput),
  ca_pem: Type.Optional(
    Nullable(
      Type.String({
        maxLength: PEM_MAX,
        description: "Extra CA to trust for the PSP's server (a private CA); the system's CAs are always trusted",
      }),
    ),
  ),
  oauth_scope: Type.Optional(
    Nullable(Type.String({ maxLength: 1000, description: 'Scopes asked for with the token (space-separated), when the PSP wants them' })),
  ),
  pix_key: Type.String({ minLength: 1, maxLength: 77, description: 'The Pix key (chave) receiving the money' }),
  collection_account_id: Type.Optional(
    Nullable(Type.String({ format: 'uuid', description: 'Charges whose boleto is on this account use this connection' })),
  ),
  is_default: Type.Optional(Type.Boolean({ description: 'Used by charges that no account connection claims' })),
  active: Type.Optional(Type.Boolean()),
  auto_charges: Type.Optional(Type.Boolean({ description: 'New open charges get a dynamic Pix (cob/cobv) by themselves; default true' })),
  webhook_auth: Type.Optional(
    Type.Union([Type.Literal('path_token'), Type.Literal('hmac'), Type.Literal('mtls_proxy')], {
      description: 'How incoming PSP webhooks are authenticated besides the secret token in their URL (docs/pix.md#webhooks)',
    }),
  ),
  webhook_hmac_secret: Type.Optional(
    Nullable(Type.String({ minLength: 16, maxLength: 500, description: 'hmac: the shared secret (stored encrypted)' })),
  ),
  webhook_hmac_header: Type.Optional(
    Nullable(Type.String({ minLength: 1, maxLength: 100, description: 'hmac: the header carrying sha256=<hex>; default x-pix-signature' })),
  ),
  webhook_proxy_header: Type.Optional(
    Nullable(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description:
          'mtls_proxy: the header the TLS proxy sets to SUCCESS after verifying the PSP certificate; default x-ssl-client-verify',
      }),
    ),
  ),
  accept_days_after_due: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 365,
      description: 'Days after the due date a cobv still takes payment (validadeAposVencimento); default 30',
    }),
  ),
  cob_expiration_seconds: Type.Optional(
    Type.Integer({ minimum: 60, maximum: 2592000, description: 'How long a cob (charge due now) stays payable; default 86400' }),
  ),
  receiver_agency: Type.Optional(
    Nullable(Type.String({ pattern: '^[0-9]{1,4}$', description: 'Pix Automático: the agency of the receiving account at the PSP' })),
  ),
  receiver_account: Type.Optional(
    Nullable(
      Type.String({
        pattern: '^[0-9]{1,20}$',
        description: 'Pix Automático: the receiving account number at the PSP (cobr recebedor.conta)',
      }),
    ),
  ),
  receiver_account_type: Type.Optional(
    Nullable(Type.Union([Type.Literal('CORRENTE'), Type.Literal('POUPANCA'), Type.Literal('PAGAMENTO')])),
  ),
};

export const ConnectionCreate = Type.Object(connectionFields, { additionalProperties: false });
export type ConnectionCreate = Static<typeof ConnectionCreate>;

export const ConnectionPatch = Type.Partial(Type.Object(connectionFields), { additionalProperties: false });
export type ConnectionPatch = Static<typeof ConnectionPatch>;

export const Connection = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    base_url: Type.String(),
    token_url: Nullable(Type.String()),
    client_id: Type.String(),
    oauth_scope: Nullable(Type.String()),
    pix_key: Type.String(),
    collection_account_id: Nullable(Type.String()),
    is_default: Type.Boolean(),
    active: Type.Boolean(),
    auto_charges: Type.Boolean(),
    certificate: Nullable(
      Type.Object({
        format: Type.String(),
        subject: Nullable(Type.String()),
        issuer: Nullable(Type.String()),
        valid_to: Nullable(Type.String()),
        fingerprint_sha256: Nullable(Type.String()),
      }),
    ),
    client_secret_set: Type.Boolean(),
    webhook_auth: Type.String(),
    webhook_hmac_header: Nullable(Type.String()),
    webhook_proxy_header: Nullable(Type.String()),
    webhook_url: Nullable(Type.String({ description: 'The URL registered at the PSP (PUT /webhook/{chave}); it holds a secret token' })),
    webhook_registered_at: Nullable(Type.String()),
    webhook_error: Nullable(Type.String()),
    accept_days_after_due: Type.Integer(),
    cob_expiration_seconds: Type.Integer(),
    receiver_agency: Nullable(Type.String()),
    receiver_account: Nullable(Type.String()),
    receiver_account_type: Nullable(Type.String()),
    reconciled_until: Nullable(
      Type.String({ description: 'Every Pix received up to this instant has been listed from the PSP and registered' }),
    ),
    last_verified_at: Nullable(Type.String()),
    last_verify_error: Nullable(Type.String()),
    created_at: Type.String(),
    updated_at: Type.String(),
  },
  { title: 'PspConnection' },
);

export const ConnectionTest = Type.Object({
  ok: Type.Boolean(),
  error: Nullable(Type.String()),
  checked_at: Type.String(),
  steps: Type.Array(Type.Object({ step: Type.String(), ok: Type.Boolean(), detail: Nullable(Type.String()) })),
});

export const PixChargeView = Type.Object({
  txid: Type.String(),
  kind: Type.String({ description: 'cob (due now), cobv (with due date) or cobr (Pix Automático)' }),
  connection_id: Type.String(),
  recurrence_id: Nullable(Type.String()),
  status: Type.String({ description: 'pending (not at the PSP yet), active, completed, removed, failed' }),
  psp_status: Nullable(Type.String()),
  amount_cents: Type.Integer(),
  due_date: Nullable(Type.String()),
  location: Nullable(Type.String()),
  pix_copia_e_cola: Nullable(
    Type.String({ description: "The PSP's BR Code (payload URL), shown on the boleto, the payer's page and messages" }),
  ),
  terms: Nullable(
    Type.Object(
      {},
      { additionalProperties: true, description: 'The valor object sent (multa, juros, desconto…) and what could not be expressed' },
    ),
  ),
  retries: Type.Array(Type.Any()),
  status_reason: Nullable(Type.String()),
  last_error: Nullable(Type.String()),
  created_at: Type.String(),
  updated_at: Type.String(),
});

/** A devolução of a received Pix (its id is Cobre's own, sent to the PSP). */
export const Refund = Type.Object({
  id: Type.String(),
  end_to_end_id: Type.String(),
  charge_id: Nullable(Type.String()),
  amount_cents: Type.Integer(),
  reason: Type.String(),
  status: Type.String({ description: 'requested, processing, returned or failed' }),
  rtr_id: Nullable(Type.String()),
  psp_status: Nullable(Type.String()),
  status_reason: Nullable(Type.String()),
  created_at: Type.String(),
  updated_at: Type.String(),
});

export const ReceivedPix = Type.Object(
  {
    end_to_end_id: Type.String(),
    connection_id: Type.String(),
    txid: Nullable(Type.String()),
    charge_id: Nullable(Type.String()),
    amount_cents: Type.Integer(),
    paid_at: Type.String(),
    expected_cents: Nullable(Type.Integer({ description: 'What Cobre computed as due on the day of the Pix' })),
    outcome: Type.String({
      description: 'exact, underpaid, overpaid, charge_closed (paid or cancelled already) or unmatched (no charge for its txid)',
    }),
    payment_id: Nullable(Type.String()),
    source: Type.String(),
    payer: Nullable(
      Type.Object({}, { additionalProperties: true, description: 'The payer as the PSP reported it (its pagador: nome, cpf or cnpj)' }),
    ),
    refunded_cents: Type.Integer(),
    received_at: Type.String(),
    refunds: Type.Array(Refund),
  },
  { title: 'ReceivedPix' },
);

export const RefundCreate = Type.Object(
  {
    amount_cents: Type.Optional(Type.Integer({ minimum: 1, description: 'Default: everything not refunded yet' })),
    reason: Type.String({ minLength: 1, maxLength: 140 }),
  },
  { additionalProperties: false },
);
export type RefundCreate = Static<typeof RefundCreate>;

export const Exchange = Type.Object({
  id: Type.String(),
  connection_id: Type.String(),
  charge_id: Nullable(Type.String()),
  recurrence_id: Nullable(Type.String()),
  method: Type.String(),
  path: Type.String(),
  status: Nullable(Type.Integer()),
  attempt: Type.Integer(),
  duration_ms: Type.Integer(),
  request: Type.Any(),
  response: Type.Any(),
  error: Nullable(Type.String()),
  at: Type.String(),
});

export const ChargePixState = Type.Object({
  charge_id: Type.String(),
  pix_charge: Nullable(PixChargeView),
  history: Type.Array(PixChargeView),
  received: Type.Array(ReceivedPix),
  operations: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.String(),
      status: Type.String(),
      attempts: Type.Integer(),
      last_error: Nullable(Type.String()),
      created_at: Type.String(),
      updated_at: Type.String(),
    }),
  ),
});

export const PixChargeCreate = Type.Object(
  {
    connection_id: Type.Optional(
      Type.String({ format: 'uuid', description: "Default: the connection of the charge's boleto account, else the default one" }),
    ),
    kind: Type.Optional(
      Type.Union([Type.Literal('cob'), Type.Literal('cobv')], {
        description: 'Default: cobv when the charge is due in the future, cob when due today or overdue',
      }),
    ),
  },
  { additionalProperties: false },
);
export type PixChargeCreate = Static<typeof PixChargeCreate>;

export const RecurrenceCreate = Type.Object(
  {
    connection_id: Type.Optional(Type.String({ format: 'uuid' })),
    journey: Type.Optional(
      Type.Union([Type.Literal('qr'), Type.Literal('qr_with_payment'), Type.Literal('push')], {
        description:
          "qr (Jornada 2: the payer scans a QR code), qr_with_payment (Jornada 3: QR code that also pays the first charge), push (Jornada 1: a request sent to the payer's bank)",
      }),
    ),
    fixed_amount_cents: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Every debit is this amount (valorRec); omit for a variable amount (usage, readjustments)' }),
    ),
    min_amount_cents: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Variable amount: the floor under any maximum the payer sets (valorMinimoRecebedor)' }),
    ),
    retry_policy: Type.Optional(Type.Union([Type.Literal('NAO_PERMITE'), Type.Literal('PERMITE_3R_7D')])),
    end_date: Type.Optional(Nullable(Type.String({ format: 'date' }))),
    first_charge_id: Type.Optional(Type.String({ format: 'uuid', description: 'qr_with_payment: the charge paid with the authorization' })),
    payer_bank: Type.Optional(
      Type.Object(
        {
          ispb: Type.String({ pattern: '^[0-9]{8}$' }),
          agency: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })),
          account: Type.String({ pattern: '^[0-9]{1,20}$' }),
        },
        { additionalProperties: false, description: "push: the payer's account at its bank" },
      ),
    ),
  },
  { additionalProperties: false },
);
export type RecurrenceCreate = Static<typeof RecurrenceCreate>;

export const Recurrence = Type.Object({
  id: Type.String(),
  contract_id: Type.String(),
  connection_id: Type.String(),
  journey: Type.String(),
  status: Type.String({ description: 'creating, awaiting_approval, approved, rejected, expired, cancelled or failed' }),
  paused: Type.Boolean({ description: 'The contract is suspended: no cobr is sent' }),
  id_rec: Nullable(Type.String()),
  psp_status: Nullable(Type.String()),
  periodicity: Type.String(),
  start_date: Type.String(),
  end_date: Nullable(Type.String()),
  fixed_amount_cents: Nullable(Type.Integer()),
  min_amount_cents: Nullable(Type.Integer()),
  retry_policy: Type.String(),
  payer: Type.Object(
    {
      cpf: Type.Optional(Type.String()),
      cnpj: Type.Optional(Type.String()),
      nome: Type.Optional(Type.String()),
      bank: Type.Optional(Type.Unknown({ description: "The payer's bank account, on the push journey" })),
    },
    { additionalProperties: true, description: 'The payer as Pix Automático names them (devedor: CPF or CNPJ, nome)' },
  ),
  object: Type.String(),
  location: Nullable(Type.String()),
  pix_copia_e_cola: Nullable(Type.String({ description: 'The QR code payload the payer authorizes with' })),
  status_reason: Nullable(Type.String()),
  approved_at: Nullable(Type.String()),
  cancelled_at: Nullable(Type.String()),
  last_error: Nullable(Type.String()),
  created_at: Type.String(),
  updated_at: Type.String(),
  charges: Type.Array(PixChargeView),
});
