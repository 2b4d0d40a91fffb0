import { describe, expect, it } from 'vitest';
import { selectApplicableRules } from './select.ts';
import { rule } from './test-helpers.ts';

const ids = (rs: { id: string }[]): string[] => rs.map((r) => r.id);

describe('selectApplicableRules', () => {
  const tenantDiscount = rule({ id: 'tenant-d' });
  const serviceDiscount = rule({ id: 'service-d' });
  const customerDiscount = rule({ id: 'customer-d' });
  const contractDiscount = rule({ id: 'contract-d' });
  const tenantSurcharge = rule({ id: 'tenant-a', acrescimo_desconto: 'A', tipo_prazo_pagamento: 'DPV' });
  const tenantExtra = rule({ id: 'tenant-extra', desconto_extra: true });
  const serviceExtra = rule({ id: 'service-extra', desconto_extra: true });

  it('the most specific level wins: contract > customer > service > tenant', () => {
    const all = [
      { level: 'tenant' as const, rules: [tenantDiscount] },
      { level: 'service' as const, rules: [serviceDiscount] },
      { level: 'customer' as const, rules: [customerDiscount] },
      { level: 'contract' as const, rules: [contractDiscount] },
    ];
    expect(ids(selectApplicableRules(all, true))).toEqual(['contract-d']);
    expect(ids(selectApplicableRules(all.slice(0, 3), true))).toEqual(['customer-d']);
    expect(ids(selectApplicableRules(all.slice(0, 2), true))).toEqual(['service-d']);
    expect(ids(selectApplicableRules(all.slice(0, 1), true))).toEqual(['tenant-d']);
  });

  it('extra rules add on top from every level, most specific first', () => {
    const picked = selectApplicableRules(
      [
        { level: 'tenant', rules: [tenantDiscount, tenantExtra] },
        { level: 'service', rules: [serviceExtra] },
        { level: 'customer', rules: [customerDiscount] },
      ],
      true,
    );
    expect(ids(picked)).toEqual(['customer-d', 'service-extra', 'tenant-extra']);
  });

  it('a level with only extra rules does not replace the non-extra rules of a broader level', () => {
    const picked = selectApplicableRules(
      [
        { level: 'tenant', rules: [tenantDiscount] },
        { level: 'contract', rules: [serviceExtra] },
      ],
      true,
    );
    expect(ids(picked)).toEqual(['tenant-d', 'service-extra']);
  });

  it('discounts and surcharges are decided separately', () => {
    const picked = selectApplicableRules(
      [
        { level: 'tenant', rules: [tenantDiscount, tenantSurcharge] },
        { level: 'customer', rules: [customerDiscount] },
      ],
      true,
    );
    expect(ids(picked)).toEqual(['customer-d', 'tenant-a']);
  });

  it('tipo_pessoa filters before precedence', () => {
    const associatesOnly = rule({ id: 'customer-assoc', tipo_pessoa: 'A' });
    const thirdOnly = rule({ id: 'customer-third', tipo_pessoa: 'T' });
    const candidates = [
      { level: 'tenant' as const, rules: [tenantDiscount] },
      { level: 'customer' as const, rules: [associatesOnly, thirdOnly] },
    ];
    expect(ids(selectApplicableRules(candidates, true))).toEqual(['customer-assoc']);
    expect(ids(selectApplicableRules(candidates, false))).toEqual(['customer-third']);
    // Only an associates rule at the customer level: a third party falls back to the tenant's.
    expect(ids(selectApplicableRules([candidates[0], { level: 'customer', rules: [associatesOnly] }], false))).toEqual(['tenant-d']);
  });

  it('a rule attached at two levels appears once; several candidates of one level merge', () => {
    const picked = selectApplicableRules(
      [
        { level: 'service', rules: [serviceExtra] },
        { level: 'contract', rules: [serviceExtra, contractDiscount] },
        { level: 'contract', rules: [customerDiscount] },
      ],
      true,
    );
    expect(ids(picked)).toEqual(['contract-d', 'customer-d', 'service-extra']);
  });
});
