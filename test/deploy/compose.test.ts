import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config/loadConfig';

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string | number | null>;
  env_file?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  profiles?: string[];
  ports?: string[];
}

const compose = parse(read('docker-compose.yml')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const { api, mongo, 'mongo-keyfile': keyfile } = compose.services;
const SECRET = /SECRET|PASSWORD$/;

/** The committed deployment files, read as `docker compose` reads them (docs/configuration.md production). */
describe('docker-compose.yml', () => {
  test('MongoDB (with its key file step) and the API, each long-running service with a healthcheck', () => {
    const started = Object.entries(compose.services).filter(([, service]) => !service.profiles);
    expect(started.map(([name]) => name).sort()).toEqual(['api', 'mongo', 'mongo-keyfile']);
    expect(mongo.healthcheck?.test.join(' ')).toMatch(/rs\.initiate/);
    expect(api.healthcheck?.test.join(' ')).toMatch(/\/healthz/);
    expect(Object.keys(compose.volumes).sort()).toEqual(['mongo-data', 'mongo-keyfile']);
  });

  test('a mail catcher for development, only with --profile mail, reachable from this machine only', () => {
    const { mailpit } = compose.services;
    expect(mailpit.profiles).toEqual(['mail']);
    expect(mailpit.ports).toEqual(['127.0.0.1:1025:1025', '127.0.0.1:8025:8025']);
  });

  test('the API takes its settings from .env and waits for a healthy MongoDB', () => {
    expect(api.env_file).toEqual(['.env']);
    expect(api.depends_on).toEqual({ mongo: { condition: 'service_healthy' } });
    expect(api.environment?.NODE_ENV).toBe('production');
  });

  test('MongoDB runs a replica set with authentication: a root user and a key file made once', () => {
    expect(mongo.command).toEqual(expect.arrayContaining(['--replSet', 'rs0', '--keyFile', '/keyfile/mongo.key']));
    expect(mongo.environment).toMatchObject({
      MONGO_INITDB_ROOT_USERNAME: expect.stringContaining('${MONGO_ROOT_USERNAME:?'),
      MONGO_INITDB_ROOT_PASSWORD: expect.stringContaining('${MONGO_ROOT_PASSWORD:?'),
    });
    expect(mongo.depends_on).toEqual({ 'mongo-keyfile': { condition: 'service_completed_successfully' } });
    expect(keyfile.entrypoint!.join(' ')).toMatch(/if \[ ! -s .*urandom.*chmod 400/);
    expect(mongo.healthcheck?.test.join(' ')).toContain('--authenticationDatabase admin');
  });

  test('the API connects with its own credentials, to the replica set', () => {
    const uri = String(api.environment?.MONGODB_URI);
    expect(uri).toMatch(
      /^mongodb:\/\/\$\{MONGO_APP_USERNAME:-graphkeep\}:\$\{MONGO_APP_PASSWORD:\?[^}]+\}@mongo:27017\//,
    );
    expect(uri).toMatch(/replicaSet=rs0/);
    expect(uri).toMatch(/authSource=admin/);
    // The database's passwords in .env do not reach the API's environment.
    expect(api.environment).toMatchObject({ MONGO_ROOT_PASSWORD: '', MONGO_APP_PASSWORD: '' });
  });

  test('no secret has a default value, and none is written in the file', () => {
    const text = read('docker-compose.yml');
    const references = [...text.matchAll(/\$\{([A-Z_]+)([^}]*)\}/g)];
    const secrets = references.filter(([, name]) => SECRET.test(name));
    expect(secrets.length).toBeGreaterThan(0);
    for (const [whole, , modifier] of secrets) expect([whole, modifier.startsWith(':?')]).toEqual([whole, true]);
    for (const service of Object.values(compose.services)) {
      for (const [name, value] of Object.entries(service.environment ?? {})) {
        if (SECRET.test(name))
          expect([name, String(value ?? '')]).toEqual([name, expect.stringMatching(/^$|^\$\{[A-Z_]+:\?/)]);
      }
    }
  });
});

describe('.env.example', () => {
  const lines = read('.env.example').split('\n');
  const variableLine = (name: string) => lines.findIndex((line) => new RegExp(`^(# )?${name}=`).test(line));
  const composeVariables = [
    ...new Set([...read('docker-compose.yml').matchAll(/\$\{([A-Z_]+)/g)].map(([, name]) => name)),
  ];

  test.each([...CONFIG_VARIABLES, ...composeVariables, 'SEEDS_DIR'])('%s is there, with a comment above it', (name) => {
    const at = variableLine(name);
    expect(at).toBeGreaterThan(0);
    // The comment may cover a pair of lines (JWT_ISSUER / JWT_AUDIENCE): find the nearest line above that is prose.
    let above = at - 1;
    while (above > 0 && /^(# )?[A-Z_]+=/.test(lines[above])) above -= 1;
    expect(lines[above]).toMatch(/^# \S/);
  });

  test('every secret is empty: the operator generates it once', () => {
    const secrets = lines.filter((line) => /^(# )?[A-Z_]+=/.test(line) && SECRET.test(line.split('=')[0]));
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    for (const line of secrets) expect(line).toMatch(/^(# )?[A-Z_]+=$/);
  });

  test("as the API container gets it (env_file, then compose's environment), it is a valid configuration once filled in", () => {
    const fromFile = Object.fromEntries(
      lines
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const filled = { ...fromFile, JWT_SECRET: 'x'.repeat(32), MONGO_APP_PASSWORD: 'apppassword' };
    const fixed = Object.fromEntries(
      Object.entries(api.environment ?? {}).map(([name, value]) => [
        name,
        String(value ?? '').replace(
          /\$\{([A-Z_]+)(?::[-?][^}]*)?\}/g,
          (_whole, variable: string) => (filled as Record<string, string>)[variable] ?? 'graphkeep',
        ),
      ]),
    );
    const config = loadConfig({ ...filled, ...fixed });
    expect(config).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0', PORT: 4000, JWT_SECRET: 'x'.repeat(32) });
    expect(config.MONGODB_URI).toBe(
      'mongodb://graphkeep:apppassword@mongo:27017/graphkeep?replicaSet=rs0&authSource=admin',
    );
    // The port is published: clients connect directly, so no X-Forwarded-For may be believed.
    expect(api).toHaveProperty('ports');
    expect(config.TRUST_PROXY).toEqual({ kind: 'none' });
  });

  test('.env itself is never committed nor sent to the image build', () => {
    expect(read('.gitignore').split('\n')).toContain('.env');
    expect(read('.dockerignore').split('\n')).toContain('.env');
  });
});
