// A real SMTP server for tests (smtp-server), keeping every accepted message parsed by mailparser.
// `reject` decides per recipient: return an SMTP code (550 = hard bounce, 451 = try later) to refuse it.
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface TestSmtp {
  port: number;
  messages: ParsedMail[];
  /** Recipients refused, in order. */
  refused: string[];
  reject: (address: string) => number | null;
  close(): Promise<void>;
}

export async function startTestSmtp(opts: { username?: string; password?: string } = {}): Promise<TestSmtp> {
  const state: TestSmtp = { port: 0, messages: [], refused: [], reject: () => null, close: async () => undefined };
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: !opts.username,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === opts.username && auth.password === opts.password) cb(null, { user: auth.username });
      else cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, cb) {
      const code = state.reject(address.address);
      if (code) {
        state.refused.push(address.address);
        return cb(Object.assign(new Error(code >= 500 ? '5.1.1 User unknown' : '4.2.0 Mailbox busy, try later'), { responseCode: code }));
      }
      cb();
    },
    onData(stream, _session, cb) {
      simpleParser(stream)
        .then((mail) => {
          state.messages.push(mail);
          cb();
        })
        .catch(cb);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.port = (server.server.address() as AddressInfo).port;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
