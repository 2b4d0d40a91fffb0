// The template language of messages to payers: text with `{{ variable }}` placeholders and
// nothing else (no logic, no partials), so a clerk can edit it safely and every variable can be
// checked when the template is saved. Written by hand because the whole language is one rule;
// a general engine (Mustache, Handlebars) would accept sections and helpers we would then have to
// forbid.

export interface ParsedTemplate {
  /** Variable names in order of first use. */
  variables: string[];
  /** Syntax problems ("unclosed {{ at 12"). */
  problems: string[];
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const NAME = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$/;

export function parseTemplate(text: string): ParsedTemplate {
  const variables: string[] = [];
  const problems: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) {
    const name = m[1];
    if (!NAME.test(name)) problems.push(`invalid placeholder {{${name}}} at ${m.index}`);
    else if (!variables.includes(name)) variables.push(name);
  }
  // Braces left once the placeholders are removed are unclosed or stray ones.
  const rest = text.replace(PLACEHOLDER, '');
  const open = rest.indexOf('{{');
  if (open >= 0) problems.push(`unclosed {{ at ${text.indexOf('{{', open)}`);
  else if (rest.includes('}}')) problems.push(`}} without {{`);
  return { variables, problems };
}

/** Names used in `text` that are not in `known`. */
export function unknownVariables(text: string, known: ReadonlySet<string>): string[] {
  return parseTemplate(text).variables.filter((v) => !known.has(v));
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Replaces every placeholder; an unknown one renders empty (saving refuses them, so only a stale template can have one). */
export function renderTemplate(text: string, values: Readonly<Record<string, string>>, opts: { html?: boolean } = {}): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const v = values[name] ?? '';
    return opts.html ? escapeHtml(v) : v;
  });
}
