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
];

export default config;
