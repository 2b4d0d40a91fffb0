// What the notification outbox hands to a channel provider, and what it gets back. Providers know
// nothing of charges or tenants: they turn one rendered message into one request to the outside.

export type ChannelKind = 'email' | 'sms' | 'whatsapp';

export interface Attachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface OutgoingMessage {
  /** Our message id (UUIDv7): the same on every attempt, so the receiver can recognise a repeat. */
  id: string;
  channel: ChannelKind;
  /** E-mail address, or a phone number in E.164 (+5511987654321). */
  to: string;
  toName?: string | null;
  /** E-mail only. */
  subject?: string;
  /** Plain text (e-mail text part, SMS body, WhatsApp preview/fallback text). */
  text: string;
  /** E-mail only. */
  html?: string;
  attachments?: Attachment[];
  /** Extra e-mail headers (List-Unsubscribe, List-Unsubscribe-Post). */
  headers?: Record<string, string>;
  /** WhatsApp only: an approved message template and its body parameters, in order. */
  whatsappTemplate?: { name: string; language: string; parameters: string[] };
}

export type SendOutcome =
  | { status: 'sent'; providerMessageId: string | null }
  /**
   * permanent: retrying the same message cannot succeed (bad credentials stay retriable: the
   * tenant may fix them). bounced: the recipient address itself is invalid (hard bounce): the
   * address is marked invalid and not used again.
   */
  | { status: 'failed'; permanent: boolean; bounced: boolean; reason: string; retryAfterSeconds?: number };

export interface Provider {
  readonly channel: ChannelKind;
  send(msg: OutgoingMessage): Promise<SendOutcome>;
  /** "Test connection": resolves when the credentials work, rejects with a readable reason otherwise. */
  verify(): Promise<void>;
  /**
   * Whether a repeat of the same message id is recognised by the provider or the receiver, so a
   * message left "sending" by a dead worker may be sent again without reaching the payer twice.
   */
  readonly dedupesById: boolean;
  close?(): Promise<void>;
}
