/** Escaping model text for HTML, SVG and inline JSON: a state string holding `<script>` shows as text. */

const HTML: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes text for HTML or SVG content and for attribute values (quoted with `"` or `'`). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML[c] ?? c)
}

/**
 * JSON for a `<script type="application/json">` element: `<`, `>`, `&` and the two JavaScript
 * line separators are written as `\u` escapes, so no string in the data can close the element.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
