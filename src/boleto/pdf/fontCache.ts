// pdfkit measures every string three or four times per text() call (our fit and alignment, then its own
// layout and cursor advance) and encodes it with per-glyph kerning lookups. A boleto page repeats the
// same ~60 labels and most values on every page, so memoising the two pure per-font functions makes a
// long carnê about twice as fast. Results depend only on (font, text); they are never mutated by pdfkit
// on the path we use (no wordSpacing), and each cache is bounded.

interface StandardFontLike {
  name: string;
  encode(text: string, features?: unknown): [string[], unknown[]];
  widthOfString(text: string, size: number, features?: unknown): number;
  __memoised?: true;
}

const MAX_ENTRIES = 2_000;
const caches = new Map<string, { widths: Map<string, number>; encoded: Map<string, [string[], unknown[]]> }>();

function bounded<V>(map: Map<string, V>, key: string, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    if (map.size >= MAX_ENTRIES) map.clear();
    v = make();
    map.set(key, v);
  }
  return v;
}

/** Installs the memoised measure/encode on the document's current font object (idempotent). */
export function memoiseCurrentFont(pdf: PDFKit.PDFDocument): void {
  // (cast: PDFKit keeps the current font in `_font`, which its type declarations do not show)
  const font = (pdf as unknown as { _font?: StandardFontLike })._font;
  if (!font || font.__memoised) return;
  let cache = caches.get(font.name);
  if (!cache) {
    cache = { widths: new Map(), encoded: new Map() };
    caches.set(font.name, cache);
  }
  const { widths, encoded } = cache;
  const encode = font.encode.bind(font);
  const widthOfString = font.widthOfString.bind(font);
  font.encode = (text, features) => (features ? encode(text, features) : bounded(encoded, text, () => encode(text)));
  // Widths scale linearly with the size: cache the width at 1000 units.
  font.widthOfString = (text, size, features) =>
    features ? widthOfString(text, size, features) : (bounded(widths, `${text}`, () => widthOfString(text, 1000)) * size) / 1000;
  font.__memoised = true;
}
