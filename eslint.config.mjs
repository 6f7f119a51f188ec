import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", ".next-*/**", "src/generated/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  {
    rules: {
      // pusher-js touches `window` at import: only client code may import it.
      "no-restricted-imports": ["error", { paths: [{ name: "pusher-js", message: "Import pusher-js only in src/components/realtime (client code)." }] }],
    },
  },
  { files: ["src/components/realtime/**", "tests/**", "bench/**", "e2e/**"], rules: { "no-restricted-imports": "off" } },
  {
    // Code the browser runs (components) or shares with it (lib) never
    // imports server code: it would ship to the browser, or fail there.
    // Types are erased at build time, so they may cross.
    files: ["src/components/**", "src/lib/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              // Relative paths too (src/components/x/y.tsx reaches it by "../../server/...").
              group: ["@/server", "@/server/*", "../server/*", "../../server/*", "../../../server/*", "../../../../server/*"],
              allowTypeImports: true,
              message: "Browser and shared code may import only types from src/server; shared values belong in src/lib.",
            },
          ],
        },
      ],
    },
  },
];

export default config;
