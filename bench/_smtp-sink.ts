// A local SMTP server for `npm run bench -- notifications`: smtp-server with the same login as the
// tests (test/support/smtp.ts), but it discards every message's data stream instead of parsing it
// (mailparser would make the server the bottleneck for both sides). It counts messages and bytes.
// Run as a child process (fork, IPC): it sends {port} when listening and answers 'stats' with
// {messages, bytes}; 'reset' zeroes the counts.
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export const SINK_USER = 'cobre';
export const SINK_PASSWORD = 's3nha-smtp';

let messages = 0;
let bytes = 0;
const server = new SMTPServer({
  secure: false,
  disabledCommands: ['STARTTLS'],
  authOptional: false,
  allowInsecureAuth: true,
  logger: false,
  maxClients: 100,
  onAuth(auth, _session, cb) {
    if (auth.username === SINK_USER && auth.password === SINK_PASSWORD) cb(null, { user: auth.username });
    else cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
  },
  onData(stream, _session, cb) {
    stream.on('data', (c: Buffer) => (bytes += c.length));
    stream.on('end', () => {
      messages++;
      cb();
    });
  },
});

if (process.send) {
  server.listen(Number(process.env.SINK_PORT ?? 0), '127.0.0.1', () => {
    process.send!({ port: (server.server.address() as AddressInfo).port });
  });
  process.on('message', (m) => {
    if (m === 'stats') process.send!({ messages, bytes });
    if (m === 'reset') {
      messages = 0;
      bytes = 0;
      process.send!({ messages, bytes });
    }
    if (m === 'close') server.close(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
}
