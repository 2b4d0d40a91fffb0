// The payer page's words in Brazilian and European Portuguese, and the locale's money and dates.
export type Locale = 'pt-BR' | 'pt-PT';

/** pt-PT for a customer in Portugal, pt-BR otherwise. */
export const localeFor = (country: string | null | undefined): Locale => ((country ?? '').toUpperCase() === 'PT' ? 'pt-PT' : 'pt-BR');

const BR = {
  title: 'Pagamento',
  charge: 'Cobrança',
  chargeNo: 'Cobrança nº',
  beneficiary: 'Beneficiário',
  payer: 'Pagador',
  whatIsCharged: 'O que está sendo cobrado',
  description: 'Descrição',
  quantity: 'Qtd.',
  amount: 'Valor',
  dueDate: 'Vencimento',
  issueDate: 'Emissão',
  status: 'Situação',
  original: 'Valor original',
  alreadyPaid: 'Já pago',
  discount: 'Desconto',
  surcharge: 'Acréscimo',
  fine: 'Multa',
  interest: 'Juros',
  dueToday: 'Valor a pagar hoje',
  discountUntil: (amount: string, date: string) => `Pagando até ${date}, você tem ${amount} de desconto.`,
  discountAlways: (amount: string) => `Desconto de ${amount} incluído.`,
  lateNote: (days: number) => `Pagamento com ${days} ${days === 1 ? 'dia' : 'dias'} de atraso: multa e juros incluídos.`,
  conditions: 'Condições de pagamento',
  boleto: 'Boleto',
  linha: 'Linha digitável',
  downloadPdf: 'Baixar o boleto (PDF)',
  downloadSecondCopy: 'Baixar a 2ª via do boleto com o valor atualizado (PDF)',
  overdueBoletoNote: 'O boleto está vencido; ele pode ser pago com o valor original mais multa e juros no banco.',
  pix: 'Pix',
  pixHelp: 'Abra o aplicativo do seu banco, escolha Pix e leia o QR Code ou use o código copia e cola.',
  pixQrAlt: 'QR Code Pix para pagar',
  pixCode: 'Pix copia e cola',
  copy: 'Copiar',
  copied: 'Copiado',
  recurrence: 'Pix Automático',
  recurrenceHelp:
    'Autorize uma vez no aplicativo do seu banco e as próximas cobranças deste contrato serão pagas automaticamente no vencimento. Você pode cancelar a autorização quando quiser, no seu banco.',
  recurrenceQrAlt: 'QR Code para autorizar o Pix Automático',
  recurrenceCode: 'Código para autorizar (copia e cola)',
  paidOn: (date: string) => `Pago em ${date}`,
  receipt: 'Ver o recibo',
  cancelled: 'Esta cobrança foi cancelada. Não há nada a pagar.',
  nothingToPay: 'Não há nada a pagar nesta cobrança.',
  statuses: { open: 'Em aberto', partially_paid: 'Parcialmente paga', overdue: 'Vencida', paid: 'Paga', cancelled: 'Cancelada' } as Record<
    string,
    string
  >,
  openCharges: 'Cobranças em aberto',
  noOpenCharges: 'Não há cobranças em aberto. Obrigado!',
  totalOpen: 'Total em aberto hoje',
  pay: 'Pagar',
  support: 'Dúvidas?',
  email: 'E-mail',
  phone: 'Telefone',
  receiptTitle: 'Recibo de pagamento',
  receiptText: (payer: string, amount: string, beneficiary: string) =>
    `Recebemos de ${payer} a quantia de ${amount}, referente à cobrança abaixo, em favor de ${beneficiary}.`,
  payments: 'Pagamentos',
  paymentDate: 'Data',
  method: 'Forma',
  print: 'Imprimir',
  backToCharge: 'Voltar para a cobrança',
  methods: { boleto: 'Boleto', pix: 'Pix', cash: 'Dinheiro', transfer: 'Transferência', card: 'Cartão', other: 'Outro' } as Record<
    string,
    string
  >,
  notFoundTitle: 'Link não encontrado',
  notFoundText: 'Este link de pagamento não existe ou não é mais válido. Peça um novo link a quem enviou a cobrança.',
  receiptNotYet: 'O recibo fica disponível depois que o pagamento for confirmado.',
  tooManyTitle: 'Muitas solicitações',
  tooManyText: 'Você fez muitas solicitações em pouco tempo. Aguarde um minuto e tente de novo.',
  errorTitle: 'Não foi possível abrir a página',
  errorText: 'Ocorreu um erro ao montar esta página. Tente de novo em alguns minutos.',
  poweredBy: 'Página de pagamento segura',
  document: 'CNPJ/CPF',
};

export type Strings = typeof BR;

const PT: Strings = {
  ...BR,
  title: 'Pagamento',
  whatIsCharged: 'O que está a ser cobrado',
  dueToday: 'Valor a pagar hoje',
  discountUntil: (amount, date) => `Pagando até ${date}, tem ${amount} de desconto.`,
  lateNote: (days) => `Pagamento com ${days} ${days === 1 ? 'dia' : 'dias'} de atraso: coima e juros incluídos.`,
  fine: 'Penalização',
  linha: 'Linha digitável',
  downloadPdf: 'Descarregar o boleto (PDF)',
  downloadSecondCopy: 'Descarregar a 2.ª via do boleto com o valor atualizado (PDF)',
  overdueBoletoNote: 'O boleto está vencido; pode ser pago com o valor original acrescido de penalização e juros.',
  pixHelp: 'Abra a aplicação do seu banco, escolha Pix e leia o código QR ou utilize o código copia e cola.',
  recurrenceHelp:
    'Autorize uma vez na aplicação do seu banco e as próximas cobranças deste contrato serão pagas automaticamente no vencimento. Pode cancelar a autorização quando quiser, no seu banco.',
  recurrenceQrAlt: 'Código QR para autorizar o Pix Automático',
  pixQrAlt: 'Código QR Pix para pagar',
  copied: 'Copiado',
  cancelled: 'Esta cobrança foi cancelada. Não há nada a pagar.',
  statuses: { open: 'Em aberto', partially_paid: 'Parcialmente paga', overdue: 'Vencida', paid: 'Paga', cancelled: 'Cancelada' },
  noOpenCharges: 'Não há cobranças em aberto. Obrigado!',
  support: 'Dúvidas?',
  phone: 'Telefone',
  receiptText: (payer, amount, beneficiary) =>
    `Recebemos de ${payer} a quantia de ${amount}, referente à cobrança abaixo, a favor de ${beneficiary}.`,
  notFoundText: 'Esta ligação de pagamento não existe ou já não é válida. Peça uma nova ligação a quem enviou a cobrança.',
  notFoundTitle: 'Ligação não encontrada',
  receiptNotYet: 'O recibo fica disponível depois de o pagamento ser confirmado.',
  tooManyText: 'Fez demasiados pedidos em pouco tempo. Aguarde um minuto e tente novamente.',
  tooManyTitle: 'Demasiados pedidos',
  errorText: 'Ocorreu um erro ao preparar esta página. Tente novamente dentro de alguns minutos.',
  document: 'NIF/CNPJ',
};

export const strings = (l: Locale): Strings => (l === 'pt-PT' ? PT : BR);

const money = {
  'pt-BR': new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' }),
  'pt-PT': new Intl.NumberFormat('pt-PT', { style: 'currency', currency: 'BRL' }),
};

/** Integer cents in the locale's currency format (R$ 1.234,56 in pt-BR), with ordinary spaces. */
export const formatMoney = (l: Locale, cents: number) => money[l].format(cents / 100).replace(/\u00a0|\u202f/g, ' ');

/** 'YYYY-MM-DD' (or an ISO instant, taken in São Paulo) as dd/mm/aaaa. */
export function formatDate(_l: Locale, value: string): string {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? value
    : new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date(value));
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}
