/** Stops the server that test/global-setup.ts started (a given LOA_TEST_MONGODB_URI is left alone). */
export default async function globalTeardown(): Promise<void> {
  const server = globalThis.__LOA_TEST_MONGO__;
  globalThis.__LOA_TEST_MONGO__ = undefined;
  await server?.stop();
}
