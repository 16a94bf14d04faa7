/**
 * What provider/core/elements/redaction.ts promises (its header has the rule and why): a secret never leaves the
 * provider in an error message, a cause's message, a stack, or a check failure — also where it
 * sits inside a word, as a password equal to the user name does in `REST-admin@…`; secrets under 3
 * characters are not searched for.
 */
import { redactingErrors } from "../provider/core/elements/redaction";

const secretsOf = (args: unknown[]) => [String((args[0] as { password: string }).password)];

test("a password inside a word is redacted there too: the message, its cause and both stacks", async () => {
  const provider = redactingErrors(
    {
      read: async (_conn: { password: string }) => {
        throw new Error("realm-config [identifier=core]: last changed by REST-admin@10.0.0.1", { cause: new Error("login admin/admin refused") });
      },
    },
    secretsOf,
  );
  const err = (await provider.read({ password: "admin" }).catch((e: unknown) => e)) as Error;
  expect(err.message).toBe("realm-config [identifier=core]: last changed by REST-[redacted]@10.0.0.1");
  expect((err.cause as Error).message).toBe("login [redacted]/[redacted] refused");
  for (const text of [err.message, err.stack, (err.cause as Error).message, (err.cause as Error).stack]) expect(text).not.toContain("admin");
});

test("check failures are redacted the same way; what is not a secret is left as it was", async () => {
  const provider = redactingErrors(
    {
      check: async (_conn: { password: string }) => ({ failures: [{ property: "description", reason: "description 'S3cret-pw' echoes the password; realm core" }] }),
    },
    secretsOf,
  );
  const result = (await provider.check({ password: "S3cret-pw" })) as { failures: { reason: string }[] };
  expect(result.failures[0].reason).toBe("description '[redacted]' echoes the password; realm core");
});

test("a secret under 3 characters is not searched for (it would blank letters everywhere)", async () => {
  const provider = redactingErrors(
    {
      read: async (_conn: { password: string }) => {
        throw new Error("realm-config [identifier=ab-core] not found");
      },
    },
    secretsOf,
  );
  const err = (await provider.read({ password: "ab" }).catch((e: unknown) => e)) as Error;
  expect(err.message).toBe("realm-config [identifier=ab-core] not found");
});
