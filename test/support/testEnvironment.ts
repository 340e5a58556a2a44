import { TestEnvironment } from 'jest-environment-node';
import { setGlobalDispatcher } from 'undici';
import { createTestAgent } from './httpAgent';

/*
 * Jest's node environment, with one HTTP agent under every `fetch` of every test file. This
 * module runs once per jest worker in the worker's own realm, whose global dispatcher is the
 * one Node's `fetch` reads; a setup file would run inside each test file's sandbox, where
 * setting it would change nothing.
 */
setGlobalDispatcher(createTestAgent());

export = TestEnvironment;
