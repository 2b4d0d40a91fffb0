// Reads a CNAB 240 remittance back with the same field tables that wrote it: used to verify what a
// remittance says before it is sent (and to test the writer by round trip).
import { DomainError } from '../platform/errors.ts';
import { BATCH_TRAILER, FILE_HEADER, SEGMENT_P, SEGMENT_Q, SEGMENT_R } from './layouts240.ts';
import { FEBRABAN_240_MOVEMENTS, movementKindOf } from './movements.ts';
import { readRecord } from './record.ts';
import type { RemessaBoleto, RemessaInput } from './remessa.ts';
import { decodeCnab, splitCnabLines } from './retorno.ts';

export interface ReadRemessa {
  bankCode: string;
  bankName: string;
  fileSequence: number;
  beneficiary: Omit<RemessaInput['beneficiary'], 'carteira'>;
  boletos: RemessaBoleto[];
  batchTrailer: { recordCount: number; simpleCount: number; simpleTotal: number };
  fileTrailer: { batchCount: number; recordCount: number };
}

function iso(ddmmyyyy: string): string {
  return `${ddmmyyyy.slice(4, 8)}-${ddmmyyyy.slice(2, 4)}-${ddmmyyyy.slice(0, 2)}`;
}

function bad(line: number, issue: string): DomainError {
  return new DomainError('validation_failed', `CNAB 240 remittance, line ${line}: ${issue}`, [{ field: `line ${line}`, issue }]);
}

const trimZeros = (s: string) => s.replace(/^0+(?=\d)/, '');

export function readRemessa240(content: string | Buffer): ReadRemessa {
  const lines = splitCnabLines(decodeCnab(content));
  lines.forEach((l, i) => {
    if (l.length !== 240) throw bad(i + 1, `expected 240 characters, got ${l.length}`);
  });
  const h = readRecord(FILE_HEADER, lines[0] ?? '');
  if (lines[0]?.[7] !== '0' || h.fileKind !== '1') throw bad(1, 'not a remittance file header');
  const boletos: RemessaBoleto[] = [];
  let batchTrailer: ReadRemessa['batchTrailer'] | undefined;
  let fileTrailer: ReadRemessa['fileTrailer'] | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    const type = line[7];
    if (type === '3' && line[13] === 'P') {
      const p = readRecord(SEGMENT_P, line);
      const q = readRecord(SEGMENT_Q, lines[i + 1] ?? '');
      const r = readRecord(SEGMENT_R, lines[i + 2] ?? '');
      if (lines[i + 1]?.[13] !== 'Q' || lines[i + 2]?.[13] !== 'R') throw bad(i + 1, 'segment P not followed by Q and R');
      i += 2;
      const movement = movementKindOf(FEBRABAN_240_MOVEMENTS, p.movementCode);
      if (!movement) throw bad(i - 1, `unknown movement code "${p.movementCode}"`);
      const boleto: RemessaBoleto = {
        movement,
        nossoNumero: p.nossoNumero,
        documentNumber: p.documentNumber,
        issueDate: iso(p.issueDate),
        dueDate: iso(p.dueDate),
        amountCents: Number(p.amount),
        payer: {
          name: q.payerName,
          documentKind: q.payerDocumentKind === '1' ? 'cpf' : 'cnpj',
          document: q.payerDocument.slice(q.payerDocumentKind === '1' ? 4 : 1),
          address: q.payerAddress,
          district: q.payerDistrict,
          city: q.payerCity,
          state: q.payerState,
          postalCode: q.payerPostalCode + q.payerPostalSuffix,
        },
      };
      if (p.discountCode !== '0') {
        boleto.discount = {
          kind: p.discountCode === '1' ? 'fixed' : 'percent',
          untilDate: iso(p.discountDate),
          value: Number(p.discountValue),
        };
      }
      if (p.interestCode !== '3') {
        boleto.interest = {
          kind: p.interestCode === '1' ? 'daily_amount' : 'monthly_percent',
          fromDate: iso(p.interestDate),
          value: Number(p.interestValue),
        };
      }
      if (r.fineCode !== '0') {
        boleto.fine = { kind: r.fineCode === '1' ? 'fixed' : 'percent', fromDate: iso(r.fineDate), value: Number(r.fineValue) };
      }
      if (Number(p.rebate) > 0) boleto.rebateCents = Number(p.rebate);
      if (p.protestCode === '1' || p.protestCode === '8') boleto.protestDays = Number(p.protestDays);
      const instructions = [r.message3, r.message4].filter((m) => m !== '');
      if (instructions.length > 0) boleto.instructions = instructions;
      boletos.push(boleto);
    } else if (type === '5') {
      const t = readRecord(BATCH_TRAILER, line);
      batchTrailer = { recordCount: Number(t.recordCount), simpleCount: Number(t.simpleCount), simpleTotal: Number(t.simpleTotal) };
    } else if (type === '9') {
      fileTrailer = { batchCount: Number(line.slice(17, 23)), recordCount: Number(line.slice(23, 29)) };
    } else if (type !== '1') {
      throw bad(i + 1, `unexpected record type "${type}" segment "${line[13]}"`);
    }
  }
  if (!batchTrailer || !fileTrailer) throw bad(lines.length, 'missing trailers');
  return {
    bankCode: h.bankCode,
    bankName: h.bankName,
    fileSequence: Number(h.fileSequence),
    beneficiary: {
      name: h.companyName,
      documentKind: h.documentKind === '1' ? 'cpf' : 'cnpj',
      document: h.documentKind === '1' ? h.document.slice(3) : h.document,
      agency: trimZeros(h.agency),
      agencyDigit: h.agencyDigit,
      account: trimZeros(h.account),
      accountDigit: h.accountDigit,
      convenio: h.convenio,
    },
    boletos,
    batchTrailer,
    fileTrailer,
  };
}
