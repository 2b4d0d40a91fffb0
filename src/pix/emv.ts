// EMV "ID + 2-digit length + value" fields, the building block of the BR Code.

export interface EmvField {
  id: string;
  value: string;
}

export function emvField(id: string, value: string): string {
  if (value.length > 99) throw new RangeError(`EMV field ${id} longer than 99 characters`);
  return id + String(value.length).padStart(2, '0') + value;
}

/** Strict split of a TLV string; null when it is not a well-formed sequence of fields. */
export function parseEmvFields(text: string): EmvField[] | null {
  const fields: EmvField[] = [];
  let i = 0;
  while (i < text.length) {
    const id = text.slice(i, i + 2);
    const lengthText = text.slice(i + 2, i + 4);
    if (!/^\d{2}$/.test(id) || !/^\d{2}$/.test(lengthText)) return null;
    const length = Number(lengthText);
    const value = text.slice(i + 4, i + 4 + length);
    if (length === 0 || value.length !== length) return null;
    fields.push({ id, value });
    i += 4 + length;
  }
  return fields;
}
