/**
 * Starts ONE MongoDB-protocol server for the whole jest run and hands its URI to
 * the workers through the environment. If none can start, the reason goes into
 * the environment instead, so the MongoDB suites fail with it while the rest of
 * the run still reports.
 */
import { startTestMongo, TEST_MONGO_ENV, type TestMongo } from '../tools/harness/mongo-server';

declare global {
  // eslint-disable-next-line no-var
  var __LOA_TEST_MONGO__: TestMongo | undefined;
}

export default async function globalSetup(): Promise<void> {
  if (process.env[TEST_MONGO_ENV.uri]) {
    const name = process.env[TEST_MONGO_ENV.name] ?? 'a server given in LOA_TEST_MONGODB_URI';
    process.stdout.write(`\nMongoDB contract suite runs against: ${name}\n`);
    return;
  }
  try {
    const server = await startTestMongo();
    globalThis.__LOA_TEST_MONGO__ = server;
    process.env[TEST_MONGO_ENV.uri] = server.uri;
    process.env[TEST_MONGO_ENV.name] = server.name;
    process.stdout.write(`\nMongoDB contract suite runs against: ${server.name}\n`);
  } catch (error) {
    const message = (error as Error).message;
    process.env[TEST_MONGO_ENV.error] = message;
    process.stdout.write(`\nMongoDB contract suite runs against: NO SERVER (its tests will fail)\n${message}\n`);
  }
}
