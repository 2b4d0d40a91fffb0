// pt-BR renderings used in boleto instructions.

/** 123456 → 'R$ 1.234,56'. */
export function formatBRL(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const reais = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}R$ ${reais},${String(abs % 100).padStart(2, '0')}`;
}

/** Rate units (0.0001 %) → '2,50%', '0,0333%': at least two decimals, up to four. */
export function formatPercent(units: number): string {
  const whole = Math.floor(units / 10_000);
  const frac = String(units % 10_000)
    .padStart(4, '0')
    .replace(/0{1,2}$/, '');
  return `${whole},${frac}%`;
}
