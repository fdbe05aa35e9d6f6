import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/gpt-tokenizer.ts', 'src/tiktoken.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['@opentelemetry/api', '@opentelemetry/api-logs', 'tiktoken', 'gpt-tokenizer'],
});
