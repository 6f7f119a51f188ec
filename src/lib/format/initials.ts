/** "Alice Martin" → "AM", "bob" → "B": what an avatar shows without an image. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words.at(-1)!] : words;
  return letters.map((w) => Array.from(w)[0]!.toUpperCase()).join("") || "?";
}
