import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

const serverOnly = {
  patterns: [
    {
      group: ["**/*.server", "**/*.server.ts", "**/*.server.tsx", "~/**/*.server"],
      message: "Server-only code (*.server.ts) must not be imported by browser code.",
    },
  ],
};

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", ".data/**", ".cache/**", "node_modules/**", "test-results/**", "playwright-report/**", "public/map/maplibre-gl-worker.mjs", "public/scenes/decoders/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": "off",
    },
  },
  {
    // Browser-only code never imports server modules.
    files: ["app/**/*.client.tsx", "app/**/*.client.ts", "scenes/**/*.{ts,tsx}", "app/components/**/*.{ts,tsx}", "app/entry.client.tsx"],
    rules: { "no-restricted-imports": ["error", serverOnly] },
  },
);
