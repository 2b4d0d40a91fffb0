// Bank return files ("arquivo retorno de cobrança"): CNAB 240 (segments T + U) and CNAB 400
// (Bradesco, Itaú, Banco do Brasil, Santander, Sicoob, Banrisul, Sicredi, Caixa, BRB, Banco do Nordeste,
// Safra, Unicred).
// The parser never throws on bad content: every malformed line is reported in `errors` with its 1-based
// line number, and the caller rejects the whole file if any.
// What real files carry around the records is tolerated and reported, not refused: lines whose
// trailing blanks were trimmed (padded back), blank lines and a DOS end-of-file mark (skipped).
import { CNAB240_LENGTH, FILE_HEADER, FILE_TRAILER, SEGMENT_T, SEGMENT_U } from './layouts240.ts';
import { CNAB400_LENGTH, DETAIL_400_BY_BANK, type Detail400Spec } from './layouts400.ts';
import { lookupOccurrence, lookupReasons, type ReasonInfo, type ReturnKind } from './occurrences.ts';
import { fieldSpec, nonNumericFields, readRecord } from './record.ts';

export type { ReasonInfo, ReturnKind } from './occurrences.ts';

export interface ReturnEntry {
  line: number;
  nossoNumero: string;
  documentNumber?: string;
  occurrenceCode: string;
  /** The bank's text of the occurrence code; null when the code is not in its table (src/cnab/occurrences.ts). */
  occurrenceText: string | null;
  kind: ReturnKind;
  amountCents?: number;
  paidAmountCents?: number;
  /** Net amount credited to the beneficiary's account, when the file states it. */
  creditedAmountCents?: number;
  feeCents?: number;
  discountCents?: number;
  interestCents?: number;
  creditDate?: string;
  paymentDate?: string;
  /** Reason codes sent with the occurrence (e.g. why an entry was rejected), when present. */
  reasons?: string[];
  /** The same codes with the bank's text of each (null when not in the occurrence's motive table). */
  reasonTexts?: ReasonInfo[];
}

export interface ParsedReturn {
  format: 'cnab240' | 'cnab400';
  bankCode: string;
  entries: ReturnEntry[];
  errors: Array<{ line: number; message: string }>;
  /** Records read (blank lines aside). */
  recordCount: number;
  /** Lines shorter than the record length, padded with spaces to it (1-based, as in the file). */
  padded: number[];
  /** Blank lines and a line holding only the end-of-file mark (Ctrl-Z), ignored (1-based). */
  skipped: number[];
}

/** One record line and its 1-based number in the file. */
interface RecordLine {
  n: number;
  text: string;
}

/** Kind, text and motive texts of an occurrence in the tables of the file's format and bank. */
function describe(format: 'cnab240' | 'cnab400', bankCode: string, code: string, reasons: string[] | undefined) {
  const { kind, text } = lookupOccurrence(format, bankCode, code);
  return { kind, occurrenceText: text, reasonTexts: reasons && lookupReasons(format, bankCode, code, reasons) };
}

/** Text of a file: UTF-8 when the bytes are valid UTF-8, latin1 otherwise (what banks usually send). */
export function decodeCnab(content: string | Buffer): string {
  if (typeof content === 'string') return content;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return content.toString('latin1');
  }
}

/** Lines without terminators; accepts CRLF, LF, a trailing newline and trailing blank lines. */
export function splitCnabLines(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  return lines;
}

/**
 * The record lines of a return file, with their numbers in the file, and its blank lines. Line ends
 * may be CRLF, LF or CR, mixed. A DOS end-of-file mark (Ctrl-Z, 0x1A) is dropped when only blanks
 * follow it; anywhere else it stays in its line, which then fails like any bad content.
 */
export function returnFileLines(text: string): { records: RecordLine[]; skipped: number[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop(); // the last line's terminator
  // The end-of-file mark after the last record: glued to it, or on lines of its own (then skipped).
  let last = lines.length - 1;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: \x1a (SUB, ^Z) is the DOS end-of-file mark banks append to return files
  for (; last >= 0 && /^[\s\x1a]*$/.test(lines[last]); last--) lines[last] = lines[last].replace(/\x1a/g, '');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: as above, the ^Z end-of-file mark
  const eof = last >= 0 ? /\x1a[\s\x1a]*$/.exec(lines[last]) : null;
  if (eof) lines[last] = lines[last].slice(0, eof.index);
  const records: RecordLine[] = [];
  const skipped: number[] = [];
  for (const [i, text] of lines.entries()) {
    if (text.trim() === '') skipped.push(i + 1);
    else records.push({ n: i + 1, text });
  }
  return { records, skipped };
}

/**
 * Banks, mail gateways and editors often trim the trailing blanks of fixed-width lines (CNAB 240
 * records end in blank fillers): a shorter line is completed with spaces — what was trimmed — and
 * reported; its content is then checked as usual, so a line cut inside its data still fails. A
 * longer line is not a record of this layout and stays an error.
 */
function padRecords(records: RecordLine[], length: number): Map<number, number> {
  const shortLines = new Map<number, number>(); // line number → its length in the file
  for (const r of records) {
    if (r.text.length < length) {
      shortLines.set(r.n, r.text.length);
      r.text = r.text.padEnd(length, ' ');
    }
  }
  return shortLines;
}

export function parseReturnFile(content: string | Buffer): ParsedReturn {
  const { records, skipped } = returnFileLines(decodeCnab(content));
  if (records.length === 0) {
    return {
      format: 'cnab240',
      bankCode: '',
      entries: [],
      errors: [{ line: 1, message: 'empty file' }],
      recordCount: 0,
      padded: [],
      skipped,
    };
  }
  const first = records[0].text;
  // A trimmed CNAB 400 header is still recognised by its start.
  const is400 = first.length === CNAB400_LENGTH || first.startsWith('02RETORNO');
  const length = is400 ? CNAB400_LENGTH : CNAB240_LENGTH;
  const shortLines = padRecords(records, length);
  const parsed = is400 ? parse400(records) : parse240(records);
  // A padded line that is still wrong was cut short rather than trimmed (in CNAB 400 every record
  // ends with its sequence number): say so next to the problem.
  for (const e of parsed.errors) {
    const had = shortLines.get(e.line);
    if (had !== undefined) e.message += ` (the line has ${had} characters, padded with spaces to ${length})`;
  }
  return { ...parsed, recordCount: records.length, padded: [...shortLines.keys()], skipped };
}

/** '1-4, 7, 9-10': line numbers (ascending) as ranges, for reports. */
export function lineRanges(lines: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j] + 1) j++;
    parts.push(i === j ? String(lines[i]) : `${lines[i]}-${lines[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

type Parsed = Pick<ParsedReturn, 'format' | 'bankCode' | 'entries' | 'errors'>;

/** 'DDMMAAAA' → ISO; zeros or blanks mean "no date". */
function date8(raw: string): string | undefined | null {
  if (/^0*$/.test(raw.trim())) return undefined;
  if (!/^\d{8}$/.test(raw)) return null;
  return isoDate(raw.slice(4, 8), raw.slice(2, 4), raw.slice(0, 2));
}

/** 'AAAAMMDD' → ISO; zeros or blanks mean "no date". */
function dateYmd(raw: string): string | undefined | null {
  if (/^0*$/.test(raw.trim())) return undefined;
  if (!/^\d{8}$/.test(raw)) return null;
  return isoDate(raw.slice(0, 4), raw.slice(4, 6), raw.slice(6, 8));
}

/** 'DDMMAA' → ISO with the century pivot at 70 (00-69 → 20xx). */
function date6(raw: string): string | undefined | null {
  if (/^0*$/.test(raw.trim())) return undefined;
  if (!/^\d{6}$/.test(raw)) return null;
  const yy = Number(raw.slice(4, 6));
  return isoDate(String(yy < 70 ? 2000 + yy : 1900 + yy), raw.slice(2, 4), raw.slice(0, 2));
}

function isoDate(y: string, m: string, d: string): string | null {
  const dt = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (dt.getUTCFullYear() !== Number(y) || dt.getUTCMonth() !== Number(m) - 1 || dt.getUTCDate() !== Number(d)) return null;
  return `${y}-${m}-${d}`;
}

/** A date written DDMMAA (the default), AAAAMMDD or DDMMAAAA. */
function readDate(format: Detail400Spec['creditDateFormat'], raw: string): string | undefined | null {
  return format === 'AAAAMMDD' ? dateYmd(raw) : format === 'DDMMAAAA' ? date8(raw) : date6(raw);
}

/** The width of a field of a layout (its text comes trimmed of trailing blanks). */
function width(layout: Detail400Spec['layout'], name: string): number {
  const f = fieldSpec(layout, name);
  return f.end - f.start + 1;
}

/** The errors a table of flags marks: a '1' at its nth position is error n, written with two digits at least. */
function flagCodes(raw: string): string[] | undefined {
  const codes = [...raw].flatMap((c, i) => (c === '1' ? [String(i + 1).padStart(2, '0')] : []));
  return codes.length > 0 ? codes : undefined;
}

/** The motive codes of a field holding several side by side (`width` characters each); blanks and zeros are "none". */
function reasonCodes(raw: string, width = 2): string[] | undefined {
  const codes = (raw.match(new RegExp(`.{1,${width}}`, 'g')) ?? []).map((c) => c.trim()).filter((c) => c !== '' && !/^0+$/.test(c));
  return codes.length > 0 ? codes : undefined;
}

function optionalText(raw: string): string | undefined {
  const t = raw.trim();
  return t === '' ? undefined : t;
}

/** Drops undefined members so entries compare cleanly. */
function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

// ---------------------------------------------------------------- CNAB 240

const T_NUMERIC = ['sequence', 'movementCode', 'amount', 'fee'] as const;
const U_NUMERIC = ['sequence', 'movementCode', 'interest', 'discount', 'paid', 'credited'] as const;

function parse240(records: RecordLine[]): Parsed {
  const errors: ParsedReturn['errors'] = [];
  const entries: ReturnEntry[] = [];
  const bankCode = records[0].text.slice(0, 3);
  let pending: ReturnEntry | null = null; // a T waiting for its U
  let pendingSequence = 0;
  let fileTrailerSeen = false;

  const flush = () => {
    if (pending) entries.push(pending);
    pending = null;
  };

  // n: the line number in the file (for messages and entries); k: the record's position (for counts).
  records.forEach(({ n, text: line }, i) => {
    const k = i + 1;
    if (line.length !== CNAB240_LENGTH) {
      errors.push({ line: n, message: `expected ${CNAB240_LENGTH} characters, got ${line.length}` });
      return;
    }
    if (fileTrailerSeen) {
      errors.push({ line: n, message: 'record after the file trailer' });
      return;
    }
    if (line.slice(0, 3) !== bankCode) {
      errors.push({ line: n, message: `bank code ${line.slice(0, 3)} differs from the header's ${bankCode}` });
      return;
    }
    const recordType = line[7];
    switch (recordType) {
      case '0': {
        if (k !== 1) errors.push({ line: n, message: 'file header (record type 0) not the first record' });
        const kind = line.slice(fieldSpec(FILE_HEADER, 'fileKind').start - 1, fieldSpec(FILE_HEADER, 'fileKind').end);
        if (kind !== '2') errors.push({ line: n, message: `not a return file (código remessa/retorno "${kind}", expected 2)` });
        return;
      }
      case '1':
      case '5':
        if (recordType === '5') flush();
        return;
      case '9': {
        flush();
        fileTrailerSeen = true;
        const total = line.slice(fieldSpec(FILE_TRAILER, 'recordCount').start - 1, fieldSpec(FILE_TRAILER, 'recordCount').end);
        if (!/^\d+$/.test(total) || Number(total) !== k) {
          errors.push({ line: n, message: `file trailer counts "${total}" records, the file has ${k}` });
        }
        return;
      }
      case '3':
        break;
      default:
        errors.push({ line: n, message: `unknown record type "${recordType}" at position 8` });
        return;
    }
    if (k === 1) errors.push({ line: n, message: 'missing file header' });
    const segment = line[13];
    if (segment === 'T') {
      flush();
      const bad = nonNumericFields(SEGMENT_T, line, T_NUMERIC);
      if (bad.length > 0) {
        errors.push({ line: n, message: `segment T: non-numeric ${bad.join(', ')}` });
        return;
      }
      const t = readRecord(SEGMENT_T, line);
      const code = t.movementCode;
      const reasons = reasonCodes(t.reasons);
      const { kind, occurrenceText, reasonTexts } = describe('cnab240', bankCode, code, reasons);
      pending = compact<ReturnEntry>({
        line: n,
        nossoNumero: t.nossoNumero.trim(),
        documentNumber: optionalText(t.documentNumber),
        occurrenceCode: code,
        occurrenceText,
        kind,
        amountCents: Number(t.amount),
        feeCents: Number(t.fee),
        reasons,
        reasonTexts,
      });
      pendingSequence = Number(t.sequence);
    } else if (segment === 'U') {
      if (!pending) {
        errors.push({ line: n, message: 'segment U without a preceding segment T' });
        return;
      }
      const bad = nonNumericFields(SEGMENT_U, line, U_NUMERIC);
      if (bad.length > 0) {
        errors.push({ line: n, message: `segment U: non-numeric ${bad.join(', ')}` });
        pending = null;
        return;
      }
      const u = readRecord(SEGMENT_U, line);
      if (Number(u.sequence) !== pendingSequence + 1) {
        errors.push({ line: n, message: `segment U sequence ${u.sequence} does not follow its T (${pendingSequence})` });
      }
      const paymentDate = date8(u.occurrenceDate);
      const creditDate = date8(u.creditDate);
      if (paymentDate === null) errors.push({ line: n, message: `segment U: invalid occurrence date "${u.occurrenceDate}"` });
      if (creditDate === null) errors.push({ line: n, message: `segment U: invalid credit date "${u.creditDate}"` });
      const entry: ReturnEntry = pending;
      Object.assign(
        entry,
        compact({
          interestCents: Number(u.interest),
          discountCents: Number(u.discount),
          paidAmountCents: Number(u.paid),
          creditedAmountCents: Number(u.credited),
          paymentDate: paymentDate ?? undefined,
          creditDate: creditDate ?? undefined,
        }),
      );
      flush();
    }
    // Other segments (Y for e-mail/PIX data, etc.) carry nothing this parser needs.
  });
  flush();
  if (!fileTrailerSeen) errors.push({ line: records[records.length - 1].n, message: 'missing file trailer (record type 9)' });
  return { format: 'cnab240', bankCode, entries, errors };
}

// ---------------------------------------------------------------- CNAB 400

function parse400(records: RecordLine[]): Parsed {
  const errors: ParsedReturn['errors'] = [];
  const entries: ReturnEntry[] = [];
  const header = records[0].text;
  const bankCode = header.slice(76, 79);
  const spec: Detail400Spec | undefined = DETAIL_400_BY_BANK[bankCode];
  const headerLine = records[0].n;
  if (header.length !== CNAB400_LENGTH || !header.startsWith('02RETORNO')) {
    errors.push({ line: headerLine, message: 'CNAB 400 return must start with a 400-character header "02RETORNO"' });
  } else if (!spec) {
    errors.push({ line: headerLine, message: `CNAB 400 returns of bank ${bankCode} are not supported` });
  }
  let trailerSeen = false;
  records.forEach(({ n, text: line }, i) => {
    if (i === 0) return;
    if (line.length !== CNAB400_LENGTH) {
      errors.push({ line: n, message: `expected ${CNAB400_LENGTH} characters, got ${line.length}` });
      return;
    }
    if (trailerSeen) {
      errors.push({ line: n, message: 'record after the trailer' });
      return;
    }
    const recordType = line[0];
    if (recordType === '9') {
      trailerSeen = true;
      return;
    }
    if (!spec) return;
    if (spec.ignoredRecordTypes?.includes(recordType)) return;
    if (recordType !== spec.recordType) {
      errors.push({ line: n, message: `unknown record type "${recordType}" for bank ${bankCode}` });
      return;
    }
    const bad = nonNumericFields(spec.layout, line, spec.numeric);
    if (bad.length > 0) {
      errors.push({ line: n, message: `non-numeric ${bad.join(', ')}` });
      return;
    }
    const r = readRecord(spec.layout, line);
    const code = r.occurrenceCode;
    const { kind, text: occurrenceText } = lookupOccurrence('cnab400', bankCode, code);
    const flagged = spec.errorFlags?.kinds.includes(kind) ?? false;
    const paymentDate = spec.occurrenceDateFormat === 'DDMMAAAA' ? date8(r.occurrenceDate) : date6(r.occurrenceDate);
    let creditDate = readDate(spec.creditDateFormat, r.creditDate);
    // A credit date inside a table of error flags: not there when the table is, and only read when it is a date.
    if (spec.errorFlags) creditDate = flagged ? undefined : (creditDate ?? undefined);
    if (paymentDate === null) errors.push({ line: n, message: `invalid occurrence date "${r.occurrenceDate}"` });
    if (creditDate === null) errors.push({ line: n, message: `invalid credit date "${r.creditDate}"` });
    const fee = Number(r.fee);
    const at254 = Number(r.value254);
    let reasons: string[] | undefined;
    if (!spec.errorFlags) reasons = reasonCodes(r.reasons, spec.reasonWidth);
    else if (flagged) reasons = flagCodes(spec.errorFlags.fields.map((name) => r[name].padEnd(width(spec.layout, name))).join(''));
    const reasonTexts = reasons && lookupReasons('cnab400', bankCode, code, reasons);
    entries.push(
      compact<ReturnEntry>({
        line: n,
        nossoNumero: r.nossoNumero.trim(),
        documentNumber: optionalText(r.documentNumber),
        occurrenceCode: code,
        occurrenceText,
        kind,
        amountCents: Number(r.amount),
        // Itaú reports the net credit at 254-266; the payer paid that plus the tariff.
        paidAmountCents: spec.valueAt254 === 'paid' || at254 === 0 ? at254 : at254 + fee,
        creditedAmountCents: spec.valueAt254 === 'credited' ? at254 : undefined,
        feeCents: fee,
        discountCents: Number(r.discount),
        interestCents: Number(r.interest),
        paymentDate: paymentDate ?? undefined,
        creditDate: creditDate ?? undefined,
        reasons,
        reasonTexts,
      }),
    );
  });
  if (!trailerSeen) errors.push({ line: records[records.length - 1].n, message: 'missing trailer (record type 9)' });
  return { format: 'cnab400', bankCode, entries, errors };
}
