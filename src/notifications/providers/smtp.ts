// E-mail through the tenant's own SMTP server (nodemailer, one connection pool per provider).
//
// Repeats: the Message-ID is <message id@sender's domain>, the same on every attempt, so a message
// sent again after a worker died mid-send carries the same Message-ID and mail systems that
// de-duplicate on it (and the payer's mail client, which threads on it) see one message.
import nodemailer, { type NodemailerError } from 'nodemailer';
import type { OutgoingMessage, Provider, SendOutcome } from './types.ts';

export interface SmtpProviderSettings {
  host: string;
  port: number;
  /** Implicit TLS (port 465). With false the connection starts in clear text (587, 25). */
  secure: boolean;
  /**
   * STARTTLS when `secure` is false. 'required' (the default) refuses a server that does not
   * offer it, so the password never crosses the network in clear; 'opportunistic' upgrades when the
   * server offers it; 'never' does not try (a relay on a trusted network).
   */
  starttls?: 'required' | 'opportunistic' | 'never';
  from_email: string;
  from_name?: string | null;
  reply_to?: string | null;
  /** Login; without one the server must accept mail without authentication. */
  username?: string | null;
}

export interface SmtpProviderSecret {
  password?: string | null;
}

export interface SmtpProviderOptions {
  /** Connection, greeting and socket inactivity timeout (default 30 s). */
  timeoutMs?: number;
  tls?: { rejectUnauthorized?: boolean };
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** "<id@domain>" for our message id and the sender's domain. */
export function smtpMessageId(id: string, fromEmail: string): string {
  const domain =
    fromEmail
      .slice(fromEmail.lastIndexOf('@') + 1)
      .trim()
      .toLowerCase() || 'localhost';
  return `<${id}@${domain}>`;
}

function responseText(err: NodemailerError): string {
  return (err.response ?? err.message ?? String(err)).trim();
}

/** The enhanced status code (RFC 3463) of an SMTP reply, when the server gave one: [class, subject, detail]. */
function enhancedStatus(response: string): [number, number, number] | null {
  const m = /^\d{3}[ -]([245])\.(\d{1,3})\.(\d{1,3})\b/.exec(response);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/**
 * A recipient refused with a permanent (5xx) reply. The address is bad only when the reply says so:
 * X.1.x addressing problems (no such mailbox, bad domain, bad syntax; not X.1.7/X.1.8, which are
 * about the sender) and X.2.1 (mailbox disabled), or, without an enhanced code, 550/551/553.
 * A full mailbox (552, X.2.2) may empty later; a policy refusal (X.7.x: relay denied, our server on
 * a block list) is about the sender, not the address.
 */
function recipientRefused(code: number, response: string): SendOutcome {
  const reason = response || `SMTP ${code}`;
  if (code < 500) return { status: 'failed', permanent: false, bounced: false, reason };
  const es = enhancedStatus(response);
  if (es) {
    const [, subject, detail] = es;
    if ((subject === 1 && detail !== 7 && detail !== 8) || (subject === 2 && detail === 1)) {
      return { status: 'failed', permanent: true, bounced: true, reason };
    }
    if (subject === 2 && detail === 2) return { status: 'failed', permanent: false, bounced: false, reason };
    if (subject === 7) return { status: 'failed', permanent: false, bounced: false, reason };
    return { status: 'failed', permanent: true, bounced: false, reason };
  }
  if (code === 550 || code === 551 || code === 553) return { status: 'failed', permanent: true, bounced: true, reason };
  if (code === 552) return { status: 'failed', permanent: false, bounced: false, reason };
  return { status: 'failed', permanent: true, bounced: false, reason };
}

/** Maps a nodemailer error to an outcome. */
export function smtpErrorOutcome(err: NodemailerError, where?: string): SendOutcome {
  const code = err.responseCode ?? 0;
  const text = responseText(err);

  // Login refused (535), or the server wants a login we do not have (530): the tenant can fix it.
  if (err.code === 'EAUTH' || err.code === 'ENOAUTH' || code === 535 || code === 534 || code === 530) {
    return { status: 'failed', permanent: false, bounced: false, reason: `SMTP server refused the credentials: ${text}` };
  }

  // STARTTLS refused or failed (with starttls 'required', a server that does not offer it): a
  // setting of the tenant or of the server, never of this message.
  if (err.code === 'ETLS' || err.command === 'STARTTLS') {
    return { status: 'failed', permanent: false, bounced: false, reason: describeSmtpError(err, where) };
  }

  if (err.code === 'EENVELOPE') {
    const rejected = err.rejectedErrors?.[0];
    if (rejected?.responseCode) return recipientRefused(rejected.responseCode, responseText(rejected));
    if (err.command === 'RCPT TO' && code) return recipientRefused(code, text);
    if (err.command === 'MAIL FROM') {
      // The sender address was refused: a setting of the tenant, not of this message.
      return { status: 'failed', permanent: false, bounced: false, reason: `SMTP server refused the sender address: ${text}` };
    }
    // Refused before reaching the server: nodemailer found the recipient address malformed.
    if (!code && /recipient/i.test(err.message)) return { status: 'failed', permanent: true, bounced: true, reason: err.message };
  }

  if (code >= 500) {
    // The message itself was refused (DATA: size, content), or another permanent reply.
    return { status: 'failed', permanent: err.permanent !== false, bounced: false, reason: text };
  }
  // 4xx replies, connection refused or dropped, DNS, TLS, timeouts: try again later.
  return { status: 'failed', permanent: false, bounced: false, reason: describeSmtpError(err, where) };
}

function describeSmtpError(err: NodemailerError, where?: string): string {
  const at = where ? ` ${where}` : '';
  switch (err.code) {
    case 'ETIMEDOUT':
      return `SMTP server${at} did not answer in time (${err.timeoutType ?? 'timeout'})`;
    case 'EDNS':
      return `cannot resolve the SMTP host${at}: ${err.message}`;
    case 'ETLS':
      return `TLS with the SMTP server${at} failed${err.command === 'STARTTLS' ? ' (STARTTLS refused: does the server offer it? see the starttls setting)' : ''}: ${err.response ? responseText(err) : err.message}`;
    case 'ESOCKET':
    case 'ECONNECTION':
      if (err.originalCode === 'ECONNREFUSED' || /ECONNREFUSED/.test(err.message)) return `SMTP server${at} refused the connection`;
      return `connection to the SMTP server${at} failed: ${err.message}`;
    default:
      return err.response ? responseText(err) : `${err.code ? `${err.code}: ` : ''}${err.message}`;
  }
}

export function smtpProvider(settings: SmtpProviderSettings, secret: SmtpProviderSecret, opts: SmtpProviderOptions = {}): Provider {
  const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const starttls = settings.starttls ?? 'required';
  const where = `${settings.host}:${settings.port}`;
  const transporter = nodemailer.createTransport({
    pool: true,
    maxConnections: 3,
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: !settings.secure && starttls === 'required',
    ignoreTLS: !settings.secure && starttls === 'never',
    auth: settings.username ? { user: settings.username, pass: secret.password ?? '' } : undefined,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    tls: opts.tls ? { rejectUnauthorized: opts.tls.rejectUnauthorized } : undefined,
    // Messages carry their content as buffers and strings; never let one read a file or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });

  return {
    channel: 'email',
    dedupesById: true,

    async send(msg: OutgoingMessage): Promise<SendOutcome> {
      if (msg.channel !== 'email') throw new Error(`smtp provider cannot send a ${msg.channel} message`);
      const messageId = smtpMessageId(msg.id, settings.from_email);
      try {
        const info = await transporter.sendMail({
          messageId,
          from: settings.from_name ? { name: settings.from_name, address: settings.from_email } : settings.from_email,
          to: msg.toName ? { name: msg.toName, address: msg.to } : msg.to,
          replyTo: settings.reply_to ?? undefined,
          subject: msg.subject ?? '',
          text: msg.text,
          html: msg.html,
          attachments: msg.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
          headers: msg.headers,
        });
        // With one recipient a refusal normally fails the whole send; LMTP-like servers may accept
        // the message and list the recipient as rejected instead.
        if (info.rejected.length > 0 && info.accepted.length === 0) {
          const rejected = (info as { rejectedErrors?: NodemailerError[] }).rejectedErrors?.[0];
          return rejected?.responseCode
            ? recipientRefused(rejected.responseCode, responseText(rejected))
            : { status: 'failed', permanent: true, bounced: true, reason: `recipient refused: ${info.response}` };
        }
        return { status: 'sent', providerMessageId: messageId };
      } catch (e) {
        return smtpErrorOutcome(e as NodemailerError, where);
      }
    },

    async verify(): Promise<void> {
      try {
        await transporter.verify();
      } catch (e) {
        const err = e as NodemailerError;
        if (err.code === 'EAUTH' || err.responseCode === 535) {
          throw new Error(`SMTP server ${where} refused the login for "${settings.username ?? ''}": ${responseText(err)}`);
        }
        if (err.code === 'ENOAUTH') throw new Error(`SMTP server ${where} needs a username and password`);
        throw new Error(describeSmtpError(err, where));
      }
    },

    async close(): Promise<void> {
      transporter.close();
    },
  };
}
