// Certificates for tests that speak mTLS with a PSP (real or simulated): a self-signed CA made by
// the test, a server certificate for 127.0.0.1/localhost signed by it, and a client certificate
// (PEM and PFX with a password) signed by it, as a PSP issues them to its customers.
import forge from 'node-forge';

export interface CertPair {
  certPem: string;
  keyPem: string;
}

export interface TestPki {
  ca: CertPair;
  server: CertPair;
  client: CertPair & { pfx: Buffer; pfxPassword: string };
  /** A client certificate from another CA: a PSP must refuse it. */
  stranger: CertPair;
}

const pki = forge.pki;

function keyPair(): forge.pki.rsa.KeyPair {
  return pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
}

let serial = 1;
function certificate(
  subjectCn: string,
  keys: forge.pki.rsa.KeyPair,
  issuer: { cert: forge.pki.Certificate | null; key: forge.pki.rsa.PrivateKey },
  extensions: any[],
): forge.pki.Certificate {
  const cert = pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = (serial++).toString(16).padStart(2, '0') + forge.util.bytesToHex(forge.random.getBytesSync(8));
  // Real validity around the machine's time: TLS checks it against the OS clock, not Cobre's.
  cert.validity.notBefore = new Date(Date.UTC(2000, 0, 1));
  cert.validity.notAfter = new Date(Date.UTC(2099, 0, 1));
  const subject = [
    { name: 'commonName', value: subjectCn },
    { name: 'organizationName', value: 'Cobre tests' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(issuer.cert ? issuer.cert.subject.attributes : subject);
  cert.setExtensions(extensions);
  cert.sign(issuer.key, forge.md.sha256.create());
  return cert;
}

function pair(cert: forge.pki.Certificate, keys: forge.pki.rsa.KeyPair): CertPair {
  return { certPem: pki.certificateToPem(cert), keyPem: pki.privateKeyToPem(keys.privateKey) };
}

function makeCa(cn: string) {
  const keys = keyPair();
  const cert = certificate(cn, keys, { cert: null, key: keys.privateKey }, [
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true },
  ]);
  return { cert, keys };
}

function leaf(cn: string, ca: ReturnType<typeof makeCa>, kind: 'server' | 'client') {
  const keys = keyPair();
  const extensions: any[] = [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: kind === 'server', clientAuth: kind === 'client' },
  ];
  if (kind === 'server')
    extensions.push({
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
      ],
    });
  return { cert: certificate(cn, keys, { cert: ca.cert, key: ca.keys.privateKey }, extensions), keys };
}

let cached: TestPki | null = null;

/** One PKI per test process (RSA key generation takes a moment). */
export function testPki(): TestPki {
  if (cached) return cached;
  const ca = makeCa('Cobre Test PSP CA');
  const server = leaf('127.0.0.1', ca, 'server');
  const client = leaf('cobre-client', ca, 'client');
  const strangerCa = makeCa('Someone else CA');
  const stranger = leaf('stranger', strangerCa, 'client');
  const pfxPassword = 'senha-do-pfx';
  const p12 = forge.pkcs12.toPkcs12Asn1(client.keys.privateKey, [client.cert, ca.cert], pfxPassword, { algorithm: '3des' });
  const pfx = Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
  cached = {
    ca: pair(ca.cert, ca.keys),
    server: pair(server.cert, server.keys),
    client: { ...pair(client.cert, client.keys), pfx, pfxPassword },
    stranger: pair(stranger.cert, stranger.keys),
  };
  return cached;
}
