// What `import "server-only"` (the first import of every module in
// src/server) resolves to outside Next: in tsx (the start command, the
// worker, scripts, benchmarks), vitest and the type checker, through
// tsconfig.json's `paths`. Nothing: those all run on the server.
//
// Next resolves "server-only" itself, and its compiler refuses the import in
// any module of a client component's graph ("'server-only' cannot be
// imported from a Client Component module"), so a component that pulls in
// server code fails the build instead of shipping it to the browser.
export {};
