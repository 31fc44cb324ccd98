/**
 * Stable React keys for a list of texts (notes, evidence lines, resource names): the text itself, with `#n` on a
 * repeat, so keys follow the content rather than the position.
 */
export function keyedTexts(items: readonly string[]): { key: string; text: string }[] {
  const seen = new Map<string, number>();
  return items.map((text) => {
    const n = (seen.get(text) ?? 0) + 1;
    seen.set(text, n);
    return { key: n === 1 ? text : `${text}#${n}`, text };
  });
}
