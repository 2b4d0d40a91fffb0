import fc from 'fast-check';
import { parsePix as pixUtilsParse } from 'pix-utils';
import { describe, expect, it } from 'vitest';
import { buildDynamicPix, buildStaticPix, parsePix, toPixText } from './brCode.ts';
import { crc16CcittFalse } from './crc16.ts';

// BCB "Manual de Padrões para Iniciação do Pix", static BR Code example (EVP key, Fulano de Tal, BRASILIA, CRC 1D3D).
const BCB_STATIC =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';
// BCB manual §6.2 dynamic example as transcribed in https://gist.github.com/matheusb-comp/1efa205b3c0ffd7af1e8ce63a10e02dc
const BCB_DYNAMIC =
  '00020101021226770014BR.GOV.BCB.PIX2555pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a995204000053039865802BR5907EMPRESA6009SAO PAULO62070503***6304EEAB';
// thalesog/pix-utils@955a2a82 tests/emvCodes.ts
const PU_STATIC =
  '00020126510014br.gov.bcb.pix0115thalesog@me.com0210Pedido 123520400005303986540510.005802BR5914THALES OGLIARI6015SAO MIGUEL DO O62070503***63040DC6';
const PU_STATIC_NO_VALUE =
  '00020126510014br.gov.bcb.pix0115thalesog@me.com0210Pedido 1235204000053039865802BR5914THALES OGLIARI6015SAO MIGUEL DO O62070503***630462CA';
const PU_STATIC_WITH_FSS =
  '00020126950014br.gov.bcb.pix01364004901d-bd85-4769-8e52-cb4c42c506dc0221Jornada pagador 431070308999990085204000053039865406577.575802BR5903Pix6008BRASILIA6229052599ed983ea570413d8d336301d630418B7';
const PU_DYNAMIC =
  '00020126740014br.gov.bcb.pix2552payload.psp.com/3ec9d2f9-5f03-4e0e-820d-63a81e769e875204000053039865802BR5914THALES OGLIARI6015SAO MIGUEL DO O62070503***630442C5';
const PU_DYNAMIC_ONE_TIME =
  '00020101021226740014br.gov.bcb.pix2552payload.psp.com/3ec9d2f9-5f03-4e0e-820d-63a81e769e875204000053039865802BR5914THALES OGLIARI6015SAO MIGUEL DO O62070503***63042895';
const PU_REC_ONLY =
  '00020126180014br.gov.bcb.pix5204000053039865802BR5914THALES OGLIARI6015SAO MIGUEL DO O62070503***80780014br.gov.bcb.pix2556payload.psp.com/rec/3ec9d2f9-5f03-4e0e-820d-63a81e769e876304A8B8';

describe('CRC16-CCITT-FALSE', () => {
  it('check value of "123456789" is 29B1 (CRC catalogue, CRC-16/IBM-3740 a.k.a. CCITT-FALSE)', () => {
    expect(crc16CcittFalse('123456789')).toBe('29B1');
  });
  it('matches the published payloads', () => {
    for (const code of [BCB_STATIC, BCB_DYNAMIC, PU_STATIC, PU_STATIC_WITH_FSS, PU_DYNAMIC]) {
      expect(crc16CcittFalse(code.slice(0, -4)), code).toBe(code.slice(-4));
    }
  });
});

describe('buildStaticPix / buildDynamicPix', () => {
  it('reproduce pix-utils’ published payloads (tests/creator.test.ts inputs)', () => {
    const base = { key: 'thalesog@me.com', merchantName: 'Thales Ogliari', merchantCity: 'SÃO MIGUÉL DO O', description: 'Pedido 123' };
    expect(buildStaticPix({ ...base, amountCents: 1000 })).toBe(PU_STATIC);
    expect(buildStaticPix(base)).toBe(PU_STATIC_NO_VALUE);
    expect(
      buildDynamicPix({
        url: 'payload.psp.com/3ec9d2f9-5f03-4e0e-820d-63a81e769e87',
        merchantName: 'Thales Ogliari',
        merchantCity: 'SÃO MIGUÉL DO O',
      }),
    ).toBe(PU_DYNAMIC_ONE_TIME);
  });

  it('BCB static example, with the name uppercased as we normalize it', () => {
    const built = buildStaticPix({ key: '123e4567-e12b-12d1-a456-426655440000', merchantName: 'Fulano de Tal', merchantCity: 'Brasília' });
    expect(built.slice(0, -4)).toBe(BCB_STATIC.slice(0, -4).replace('Fulano de Tal', 'FULANO DE TAL'));
    expect(built.slice(-4)).toBe(crc16CcittFalse(built.slice(0, -4)));
  });

  it('normalizes key, name and city; cuts name at 25 and city at 15', () => {
    const parsed = parsePix(
      buildStaticPix({
        key: '529.982.247-25',
        merchantName: 'Ações & Serviços Ltda — Filial São João',
        merchantCity: 'São José dos Campos',
      }),
    );
    expect(parsed.key).toBe('52998224725');
    expect(parsed.merchantName).toBe('ACOES & SERVICOS LTDA FIL'); // em dash dropped, spaces collapsed, cut at 25
    expect(parsed.merchantName.length).toBeLessThanOrEqual(25);
    expect(parsed.merchantCity).toBe('SAO JOSE DOS CA');
  });

  it('refuses bad input', () => {
    const ok = { key: 'a@b.com', merchantName: 'X', merchantCity: 'Y' };
    expect(() => buildStaticPix({ ...ok, key: 'nope' })).toThrowError(expect.objectContaining({ code: 'validation_failed' }));
    expect(() => buildStaticPix({ ...ok, txid: 'has-dash' })).toThrowError(
      expect.objectContaining({ details: [{ field: 'txid', issue: 'invalid_txid' }] }),
    );
    expect(() => buildStaticPix({ ...ok, txid: 'A'.repeat(26) })).toThrowError(expect.objectContaining({ code: 'validation_failed' }));
    expect(() => buildStaticPix({ ...ok, amountCents: 0 })).toThrowError(
      expect.objectContaining({ details: [{ field: 'amountCents', issue: 'amount_out_of_range' }] }),
    );
    expect(() => buildStaticPix({ ...ok, amountCents: 10.5 })).toThrowError(expect.objectContaining({ code: 'validation_failed' }));
    expect(() => buildStaticPix({ ...ok, merchantName: '漢字' })).toThrowError(
      expect.objectContaining({ details: [{ field: 'merchantName', issue: 'required' }] }),
    );
    expect(() => buildStaticPix({ ...ok, description: 'd'.repeat(90) })).toThrowError(
      expect.objectContaining({ details: [{ field: 'description', issue: 'too_long' }] }),
    );
    expect(() => buildDynamicPix({ ...ok, url: 'https://pix.example.com/x' })).toThrowError(
      expect.objectContaining({ details: [{ field: 'url', issue: 'invalid_url' }] }),
    );
  });

  it('largest amount fits field 54 (13 characters)', () => {
    expect(
      parsePix(buildStaticPix({ key: 'a@b.com', merchantName: 'X', merchantCity: 'Y', amountCents: 999_999_999_999 })).amountCents,
    ).toBe(999_999_999_999);
    expect(() => buildStaticPix({ key: 'a@b.com', merchantName: 'X', merchantCity: 'Y', amountCents: 1_000_000_000_000 })).toThrowError(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });
});

describe('parsePix', () => {
  it('reads the BCB examples', () => {
    expect(parsePix(BCB_STATIC)).toEqual({
      type: 'static',
      key: '123e4567-e12b-12d1-a456-426655440000',
      merchantName: 'Fulano de Tal',
      merchantCity: 'BRASILIA',
      txid: '***',
    });
    expect(parsePix(BCB_DYNAMIC)).toEqual({
      type: 'dynamic',
      url: 'pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a99',
      merchantName: 'EMPRESA',
      merchantCity: 'SAO PAULO',
      txid: '***',
    });
  });

  it('reads pix-utils’ payloads, including FSS and a 25-character txid', () => {
    expect(parsePix(PU_STATIC_WITH_FSS)).toEqual({
      type: 'static',
      key: '4004901d-bd85-4769-8e52-cb4c42c506dc',
      description: 'Jornada pagador 43107',
      amountCents: 57757,
      merchantName: 'Pix',
      merchantCity: 'BRASILIA',
      txid: '99ed983ea570413d8d336301d',
    });
    expect(parsePix(PU_STATIC)).toMatchObject({ amountCents: 1000, description: 'Pedido 123', key: 'thalesog@me.com' });
    expect(parsePix(PU_DYNAMIC)).toMatchObject({ type: 'dynamic', url: 'payload.psp.com/3ec9d2f9-5f03-4e0e-820d-63a81e769e87' });
  });

  it('says what is wrong', () => {
    const issue = (code: string) => {
      try {
        parsePix(code);
        return 'none';
      } catch (e) {
        expect(e).toMatchObject({ code: 'invalid_pix' });
        return (e as { details: { issue: string }[] }).details[0].issue;
      }
    };
    expect(issue(BCB_STATIC.slice(0, -4) + '1D3E')).toBe('crc_mismatch');
    expect(issue(BCB_STATIC.replace('Fulano', 'Fulana'))).toBe('crc_mismatch');
    expect(issue(BCB_STATIC.slice(0, -8))).toBe('missing_crc');
    expect(issue('')).toBe('invalid_characters');
    expect(issue(PU_REC_ONLY)).toBe('ambiguous_type'); // recurrence-only codes are out of scope
    const resign = (body: string) => body + crc16CcittFalse(body);
    expect(issue(resign('0002015204000053039865802BR5901X6001Y6304'))).toBe('missing_pix_account');
    expect(issue(resign('00020126180014br.gov.bcb.pix5204000053039865405abcde5802BR5901X6001Y6304'))).toBe('ambiguous_type');
    expect(issue(resign('00020126120108ABCDEFGH5204000053039865802BR5901X6001Y6304'))).toBe('missing_pix_account');
    expect(issue(resign('00020126330014br.gov.bcb.pix0111529982247255204000053039865404-1.05802BR5901X6001Y6304'))).toBe('invalid_amount');
    const account = '26330014br.gov.bcb.pix011152998224725';
    expect(issue(resign('000201' + account + '52040000530398658' + '99BR5901X6001Y6304'))).toBe('malformed');
    expect(issue(resign('000202' + account + '52040000530398658' + '02BR5901X6001Y6304'))).toBe('payload_format');
    expect(issue(resign('000201' + account + '52040000530398658' + '02BR5901X5901Z6001Y6304'))).toBe('duplicate_field');
    expect(issue(resign('000201' + account + '52040000530398458' + '02BR5901X6001Y6304'))).toBe('invalid_currency');
    expect(issue(resign('000201' + account + '52040000530398658' + '02BR6001Y6304'))).toBe('missing_merchant_name');
  });

  it('property: parse(build(x)) == x (static and dynamic)', () => {
    // Already-normalized text (uppercase ASCII, single spaces) survives the round trip unchanged.
    const text = (max: number) =>
      fc
        .array(fc.stringMatching(/^[A-Z0-9&.-]{1,8}$/), { minLength: 1, maxLength: 4 })
        .map((w) => w.join(' '))
        .filter((t) => t.length <= max);
    const staticArb = fc.record({
      key: fc.constantFrom('52998224725', '54550752000155', 'fulano@example.com', '+5511943214321', '123e4567-e12b-12d1-a456-426655440000'),
      merchantName: text(25),
      merchantCity: text(15),
      amountCents: fc.option(fc.integer({ min: 1, max: 999_999_999_999 }), { nil: undefined }),
      txid: fc.option(fc.stringMatching(/^[A-Za-z0-9]{1,25}$/), { nil: undefined }),
      description: fc.option(
        fc.array(fc.stringMatching(/^[A-Za-z0-9.,-]{1,6}$/), { minLength: 1, maxLength: 3 }).map((w) => w.join(' ')),
        { nil: undefined },
      ),
    });
    fc.assert(
      fc.property(staticArb, (x) => {
        const parsed = parsePix(buildStaticPix(x));
        expect(parsed).toEqual({
          type: 'static',
          key: x.key,
          merchantName: x.merchantName,
          merchantCity: x.merchantCity,
          txid: x.txid ?? '***',
          ...(x.amountCents === undefined ? {} : { amountCents: x.amountCents }),
          ...(x.description === undefined ? {} : { description: x.description }),
        });
      }),
      { numRuns: 300 },
    );
    const dynamicArb = fc.record({
      url: fc.stringMatching(/^[a-z0-9.-]{3,20}\/[A-Za-z0-9/-]{1,50}$/),
      merchantName: text(25),
      merchantCity: text(15),
      amountCents: fc.option(fc.integer({ min: 1, max: 999_999_999_999 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(dynamicArb, (x) => {
        expect(parsePix(buildDynamicPix(x))).toEqual({
          type: 'dynamic',
          url: x.url,
          merchantName: x.merchantName,
          merchantCity: x.merchantCity,
          txid: '***',
          ...(x.amountCents === undefined ? {} : { amountCents: x.amountCents }),
        });
      }),
      { numRuns: 200 },
    );
  });

  it('property: the independent pix-utils parser reads what we build', () => {
    fc.assert(
      fc.property(
        fc.record({
          name: fc.string({ minLength: 1, maxLength: 40 }),
          city: fc.string({ minLength: 1, maxLength: 30 }),
          amountCents: fc.integer({ min: 1, max: 99_999_999 }),
        }),
        ({ name, city, amountCents }) => {
          const merchantName = 'A' + name;
          const merchantCity = 'B' + city;
          const code = buildStaticPix({ key: 'fulano@example.com', merchantName, merchantCity, amountCents });
          const theirs = pixUtilsParse(code) as { error?: boolean; pixKey?: string; transactionAmount?: number; merchantName?: string };
          expect(theirs.error).toBeUndefined();
          expect(theirs.pixKey).toBe('fulano@example.com');
          expect(Math.round((theirs.transactionAmount ?? 0) * 100)).toBe(amountCents);
          expect(theirs.merchantName).toBe(toPixText(merchantName).toUpperCase().slice(0, 25).trimEnd());
        },
      ),
      { numRuns: 200 },
    );
  });
});
