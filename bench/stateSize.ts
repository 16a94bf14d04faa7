/**
 * What each element keeps in a stack's state, measured the same way for every row of the CLI
 * benchmark: the element resources of `pulumi stack export` as compact JSON, over their count
 * (providers and the stack itself left out, as they do not grow with N).
 */
import { CliStack } from "../tests/e2e/support/pulumiCli";

export async function elementState(stack: CliStack): Promise<{ elements: number; bytesPerElement: number }> {
  const { deployment } = await stack.exportState();
  const elements = (deployment.resources ?? []).filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
  return { elements: elements.length, bytesPerElement: elements.reduce((n, r) => n + JSON.stringify(r).length, 0) / elements.length };
}

export async function stateBytesPerElement(stack: CliStack): Promise<number> {
  return (await elementState(stack)).bytesPerElement;
}
