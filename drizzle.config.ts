import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  // every module's tables (one *.schema.ts per module)
  schema: './src/**/*.schema.ts',
  out: './drizzle',
});
