/**
 * JSON text made safe to sit inside an HTML `<script type="application/json">` element. The HTML parser
 * ends the element at the first `</script`, and older JavaScript parsers end a line at U+2028/U+2029;
 * `<` only occurs inside JSON strings, where `\u003c` means the same, so escaping every `<` (and the two
 * separators) changes nothing for JSON.parse and leaves the parser nothing to stop at.
 */
export function embedJson(json: string): string {
  return json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Text for an HTML element or attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
