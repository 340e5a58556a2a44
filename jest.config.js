/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: '<rootDir>/test/support/testEnvironment.ts',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  testTimeout: 30000,
  // Jest's default is one worker less than the cores: on a 2-core machine that is one.
  maxWorkers: 2,
};
