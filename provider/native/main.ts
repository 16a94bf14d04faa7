/**
 * `pulumi-resource-sbc`: the process the engine starts for the `sbc` package. It is given the
 * engine's address (after flags such as `--logtostderr -v=9 --tracing <url>`), serves the
 * provider on a loopback port and prints that port as its first line of stdout, which is how the
 * engine finds it. The core's log messages go to the engine at that address (engineLog.ts).
 * When the engine is gone without closing it (killed outright), the lock sessions in flight
 * finish and the process exits (engineGone.ts); otherwise the engine ends it after Cancel.
 */

/** The engine's gRPC address: the first argument that is not a flag (or a flag's value). */
function engineAddress(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--tracing") i++;
    else if (!args[i].startsWith("-")) return args[i];
  }
  return undefined;
}

async function main(): Promise<void> {
  const engine = engineAddress(process.argv.slice(2));
  const { serve } = await import("./server");
  const { exitWhenEngineGone } = await import("../core/session/engineGone");
  exitWhenEngineGone({ address: engine });
  if (engine) (await import("./engineLog")).logToEngine(engine);
  const { port } = await serve();
  process.stdout.write(`${port}\n`);
}

main().catch((err: unknown) => {
  console.error(`pulumi-resource-sbc: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
