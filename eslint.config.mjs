// ESLint: a small rule set that keeps the project's limits without anyone policing them. Type
// information (typescript-eslint's project service, one TypeScript program per package's
// tsconfig) is what lets it see a promise nobody awaits.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.reports/**',
      'reference/.venv/**',
      '.cache/**',
      'scratch/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  {
    files: ['**/*.ts', '**/*.mts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A promise left unhandled loses its error (or crashes the process); `void` says it is meant.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      // The project's limits, as warnings: a long function or file asks for a split, it is not wrong.
      'max-lines-per-function': ['warn', { max: 40, skipBlankLines: true, skipComments: true }],
      'max-lines': ['warn', { max: 300, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // A test file is a list of cases inside describe() callbacks: its length is its coverage.
    files: ['**/*.test.ts', '**/testing/**', '**/bench/**'],
    rules: { 'max-lines-per-function': 'off', 'max-lines': 'off' },
  },
);
