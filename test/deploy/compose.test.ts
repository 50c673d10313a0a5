/**
 * No Docker engine runs in CI, so the deployment is checked offline: the compose
 * file is parsed and held to what production needs (replica set, volume,
 * healthchecks, config from env), and `docker-compose config -q` validates it
 * when Debian's docker-compose is installed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ConfigSchema } from '../../app/config';

const root = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  restart?: string;
  volumes?: string[];
  depends_on?: Record<string, { condition?: string }>;
  environment?: Record<string, string>;
  healthcheck?: { test?: string[] | string };
  ports?: string[];
}
const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
const mongo = compose.services['mongo']!;
const loa = compose.services['loa']!;
const joined = (v: string[] | string | undefined) => (Array.isArray(v) ? v.join(' ') : (v ?? ''));

/** `${NAME:-default}` → default, as compose resolves it with NAME unset. */
const resolveDefault = (value: string) => value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');

describe('docker-compose.yml', () => {
  it('runs MongoDB 7 as the replica set rs0 that Loa connects to', () => {
    expect(mongo.image).toMatch(/^mongo:7(\.|$)/);
    expect(joined(mongo.command)).toMatch(/--replSet rs0/);
    const uri = resolveDefault(loa.environment!['MONGODB_URI']!);
    expect(uri).toBe('mongodb://mongo:27017/loa?replicaSet=rs0');
    const init = read('deploy/mongo-replica-set.js');
    expect(init).toContain("_id: 'rs0'");
    expect(init).toContain("host: 'mongo:27017'");
  });

  it('keeps MongoDB data in a named volume', () => {
    const dataMount = mongo.volumes?.find((v) => v.split(':')[1] === '/data/db');
    expect(dataMount).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(dataMount!.split(':')[0]);
  });

  it('gives both services a healthcheck, and starts Loa only once MongoDB is healthy', () => {
    expect(joined(mongo.healthcheck?.test)).toContain('/deploy/mongo-replica-set.js');
    const mounted = mongo.volumes?.some((v) => v.startsWith('./deploy/mongo-replica-set.js:/deploy/mongo-replica-set.js'));
    expect(mounted).toBe(true);
    expect(joined(loa.healthcheck?.test)).toContain('/healthz');
    expect(loa.depends_on?.['mongo']?.condition).toBe('service_healthy');
  });

  it('restarts both services unless they were stopped on purpose', () => {
    expect(mongo.restart).toBe('unless-stopped');
    expect(loa.restart).toBe('unless-stopped');
  });

  it('publishes Loa on the host loopback unless LOA_HTTP_BIND says otherwise (issue 20: the port was on every interface)', () => {
    expect(loa.ports).toHaveLength(1);
    expect(resolveDefault(loa.ports![0]!)).toBe('127.0.0.1:3000:3000');
    expect(loa.ports![0]).toMatch(/^\$\{LOA_HTTP_BIND:-127\.0\.0\.1\}:/);
  });

  it('configures Loa from the environment with variable names Loa actually reads', () => {
    const env = Object.keys(loa.environment ?? {});
    for (const name of ['MONGODB_URI', 'PORT', 'PUBLIC_URL', 'LOG_LEVEL', 'TZ', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TELEGRAM_BOT_TOKEN']) {
      expect(env).toContain(name);
    }
    const known = new Set([...Object.keys(ConfigSchema.shape), 'TZ']);
    expect(env.filter((name) => !known.has(name))).toEqual([]);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('builds in one stage and runs the compiled app in another, as a non-root user', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm ci/);
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toMatch(/^USER node$/m);
    // The server's Node flags (app/server-node-flags.ts) sit between node and the entry point.
    expect(dockerfile).toMatch(/^CMD \["node", ("--[a-z-]+=[^"]+", )*"dist\/app\/main\.js"\]$/m);
  });

  it('checks health on GET /healthz on PORT, defaulting to 3000', () => {
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*\/healthz/m);
    expect(dockerfile).toMatch(/PORT=3000/);
  });

  it('ships the data files the compiled code loads from dist/ (the locales are JSON modules the build emits)', () => {
    expect(dockerfile).toMatch(/for dir in plans demo;/);
    expect(dockerfile).toMatch(/cp -R web\/views web\/static dist\/web\//);
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
    for (const needed of ['locales', 'plans', 'demo', 'web', 'package-lock.json']) expect(ignored).not.toContain(needed);
    expect(ignored).toContain('node_modules');
  });
});

const dockerCompose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0;

describe('docker-compose config', () => {
  // Needs Debian's docker-compose (apt-get install docker-compose); the checks above run regardless.
  (dockerCompose ? it : it.skip)('accepts the compose file', () => {
    const result = spawnSync('docker-compose', ['-f', 'docker-compose.yml', 'config', '-q'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
