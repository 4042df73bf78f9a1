// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/*
 * The layers (ARCHITECTURE.md), bottom to top. A folder may import its own layer's shared folders and anything
 * below; never above. Feature modules on one layer do not import each other except as listed in `MAY_USE`.
 */
const LAYERS = [
  ['protocol'],
  ['config', 'infra', 'common', 'webhook'],
  ['chat-store', 'versionlog'],
  ['notification'],
  ['user', 'auth', 'friend', 'group', 'msg', 'conversation', 'health', 'metrics', 'gateway', 'object'],
  ['jssdk', 'push'],
];
/** Same-layer imports that are allowed (shared folders of a layer, and the module services features call). */
const MAY_USE = {
  config: ['infra'],
  infra: ['config'],
  common: ['config', 'infra'],
  webhook: ['config', 'infra', 'common'],
  'chat-store': ['versionlog'],
  auth: ['user'],
  msg: ['user'],
  conversation: ['user'],
  friend: ['user'],
  group: ['user'],
  gateway: ['msg', 'auth', 'user'],
  object: ['user'],
};
/** Modules whose tables are private: only their own folder reads their repositories and schemas. */
const PRIVATE_STORES = ['auth', 'user', 'friend', 'group', 'push'];
const folders = LAYERS.flat();

function restrictions(folder, repositoryFile) {
  const level = LAYERS.findIndex((l) => l.includes(folder));
  const banned = folders.filter((f) => {
    if (f === folder || (MAY_USE[folder] ?? []).includes(f)) return false;
    return LAYERS.findIndex((l) => l.includes(f)) >= level;
  });
  // relative imports that climb to src/ and enter the folder
  const patterns = banned.map((f) => ({
    regex: `^(\\.\\./)+${f}(/|$)`,
    message: `${folder}/ may not import ${f}/: see the layer rule in ARCHITECTURE.md`,
  }));
  for (const m of PRIVATE_STORES.filter((m) => m !== folder)) {
    patterns.push({
      regex: `^(\\.\\./)+${m}/[^/]+\\.(repository|schema)$`,
      message: `the tables of ${m}/ are its own: call its service or a port instead`,
    });
  }
  if (!repositoryFile && folder !== 'infra') {
    patterns.push({ regex: '^drizzle-orm(/|$)', message: 'SQL belongs in a *.repository.ts' });
    patterns.push({
      regex: 'infra/database/database\\.service$',
      importNames: ['dbHandle', 'txOr', 'Db'],
      message: 'services open transactions with DatabaseService.transaction; only repositories hold the db handle',
    });
  }
  return ['error', { patterns }];
}

const layerRules = folders.flatMap((folder) => [
  { files: [`src/${folder}/**/*.ts`], rules: { 'no-restricted-imports': restrictions(folder, false) } },
  {
    files: [`src/${folder}/**/*.repository.ts`, `src/${folder}/**/*.schema.ts`],
    rules: { 'no-restricted-imports': restrictions(folder, true) },
  },
]);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'drizzle/**', 'coverage/**', 'scripts/**', 'eslint.config.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // wire values are plain numbers compared with numeric enums of the protocol on purpose
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      '@typescript-eslint/require-await': 'error',
      // one-line `if (x) return;` stays allowed; a body over several lines needs braces
      curly: ['error', 'multi-line'],
    },
  },
  ...layerRules,
  {
    files: ['test/**/*.ts', 'src/**/*.spec.ts', 'bench/**/*.ts'],
    rules: {
      // tests reach below the layers on purpose (fixtures, database checks)
      'no-restricted-imports': 'off',
      // supertest bodies are untyped JSON; asserting on them is the point of these files
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
