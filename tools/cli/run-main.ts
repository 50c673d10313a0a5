/** Runs a CLI's main when the file is the entry point: exit with its code, or print the error (no stack) and exit 1. */
export function runMain(module: NodeJS.Module, main: () => Promise<number>): void {
  if (require.main !== module) return;
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
