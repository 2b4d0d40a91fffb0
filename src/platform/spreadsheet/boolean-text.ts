// Yes/no answers as clerks type them.

const TRUE_WORDS = new Set(['sim', 's', 'true', 'verdadeiro', 'v', '1', 'x', 'yes', 'y']);
const FALSE_WORDS = new Set(['nao', 'n', 'false', 'falso', 'f', '0', 'no']);

export function parseBooleanText(text: string): boolean | null {
  const word = text.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return null;
}
