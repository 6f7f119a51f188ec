// `npm run check:cycles` (part of `npm test`): no import cycle between files,
// and none between folders. A folder is a domain (src/server/rooms), a
// feature's components (src/components/rooms) or a part of src/lib; a file
// at the top of src/server (db.ts, audit.ts, job-queue.ts) counts as its own.
// Folder cycles are what make a domain impossible to read or change alone:
// rooms that need conversations that need rooms. Type-only imports are left
// out (.madgerc): they vanish when compiled.
import path from "node:path";
import { fileURLToPath } from "node:url";
import madge from "madge";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The folder a file belongs to, for the folder graph (paths relative to src/). */
function folderOf(file: string): string {
  const parts = file.split("/");
  return ["server", "lib", "components"].includes(parts[0]!) && parts.length > 2 ? parts.slice(0, 2).join("/") : file;
}

/** Strongly connected components of more than one node (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

const result = await madge(path.join(root, "src"), {
  fileExtensions: ["ts", "tsx"],
  tsConfig: path.join(root, "tsconfig.json"),
  detectiveOptions: { ts: { skipTypeImports: true }, tsx: { skipTypeImports: true } },
});
const files = result.obj();
let failed = false;

const fileCycles = result.circular();
if (fileCycles.length > 0) {
  failed = true;
  console.error(`Import cycles between files (${fileCycles.length}):`);
  for (const cycle of fileCycles) console.error(`  ${[...cycle, cycle[0]].join(" -> ")}`);
}

const folders = new Map<string, Set<string>>();
const because = new Map<string, string>();
for (const [from, imports] of Object.entries(files)) {
  for (const to of imports) {
    const [a, b] = [folderOf(from), folderOf(to)];
    if (a === b) continue;
    if (!folders.has(a)) folders.set(a, new Set());
    folders.get(a)!.add(b);
    if (!because.has(`${a} ${b}`)) because.set(`${a} ${b}`, `${from} -> ${to}`);
  }
}
const folderCycles = cycles(folders);
if (folderCycles.length > 0) {
  failed = true;
  console.error(`Import cycles between folders (${folderCycles.length}):`);
  for (const component of folderCycles) {
    console.error(`  ${component.join(", ")}:`);
    for (const a of component) {
      for (const b of component) {
        const edge = because.get(`${a} ${b}`);
        if (edge) console.error(`    ${a} -> ${b} (${edge})`);
      }
    }
  }
}

if (failed) process.exit(1);
console.log(`No import cycles: ${Object.keys(files).length} files, ${folders.size} folders.`);
