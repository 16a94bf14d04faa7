/**
 * Refuses an SBC or SDM password in stack config that was not set with `--secret`. The CLI keeps
 * every stack config value in the state, as an input of the default provider, so a plain one
 * would sit in the checkpoint (and in `pulumi stack export`) in clear. Runs in the program, where
 * the language host says which keys are secret (PULUMI_CONFIG_SECRET_KEYS); a host that does not
 * say is not second-guessed.
 */
import * as pulumi from "@pulumi/pulumi";
import { SETTINGS } from "../core/connection/connectionSettings";
import { ProgramError } from "./programError";

const PASSWORD_KEYS = SETTINGS.filter((s) => s.secret).map((s) => s.configKey);

let checked = false;

export function refusePlainPasswords(): void {
  if (checked) return;
  checked = true;
  const secretKeys = secretConfigKeys();
  if (!secretKeys) return;
  const plain = PASSWORD_KEYS.filter((key) => {
    const [namespace, name] = key.split(":");
    return new pulumi.Config(namespace).get(name) !== undefined && !secretKeys.has(key);
  });
  if (plain.length > 0) {
    throw new ProgramError(
      `stack config ${plain.join(" and ")} is set in plain text, and the CLI would store it in the stack's state in clear: ` +
        `set it as a secret with ${plain.map((key) => `\`pulumi config set --secret ${key} <password>\``).join(" and ")}; ` +
        `the plain value is already in Pulumi.${pulumi.getStack()}.yaml (and in the backend's update history if an update ran with it), so change that password on the SBC too`,
    );
  }
}

function secretConfigKeys(): Set<string> | undefined {
  const raw = process.env.PULUMI_CONFIG_SECRET_KEYS;
  if (raw === undefined) return undefined;
  try {
    const keys: unknown = JSON.parse(raw);
    return Array.isArray(keys) ? new Set(keys.map(String)) : undefined;
  } catch {
    return undefined;
  }
}
