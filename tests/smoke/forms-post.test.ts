// Every form says method="post". A form whose JavaScript has not run (a
// slow phone, a dev server that refused its scripts, scripts turned off) is
// submitted by the browser itself: without a method that is a GET, and the
// fields (a password) land in the address bar, the history and server logs.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return /\.(tsx|jsx)$/.test(entry.name) ? [full] : [];
  });
}

/** The opening `<form …>` tags of a JSX file, attributes and all (braces may hold `>`). */
function formTags(text: string): string[] {
  const tags: string[] = [];
  for (const match of text.matchAll(/<form(?=[\s>])/g)) {
    let depth = 0;
    let i = match.index + 5;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === "{") depth++;
      else if (c === "}") depth--;
      else if (c === ">" && depth === 0) break;
    }
    tags.push(text.slice(match.index, i + 1));
  }
  return tags;
}

describe("forms", () => {
  it("finds the attributes of a tag whose handlers contain arrows", () => {
    expect(formTags(`<form onSubmit={(e) => go(e)} method="post">`)).toEqual([`<form onSubmit={(e) => go(e)} method="post">`]);
  });

  it('all have method="post", so nothing typed into them can end up in a URL', () => {
    const files = sourceFiles(src);
    const offenders = files.flatMap((file) =>
      formTags(readFileSync(file, "utf8"))
        .filter((tag) => !/\smethod="post"/.test(tag))
        .map((tag) => `${path.relative(src, file)}: ${tag.split("\n")[0]}`),
    );
    expect(files.length).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });
});
