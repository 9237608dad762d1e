import { generatePassword } from "@/lib/auth/password";
import { unlockLogins } from "@/lib/auth/throttle";
import { createUser, ROLES, setPassword } from "@/lib/auth/users";
import { UsageError, type Command } from "./command";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

async function chosenPassword(fromStdin: unknown) {
  if (fromStdin) return { password: await readStdin(), generated: false };
  return { password: generatePassword(), generated: true };
}

export const userAddCommand: Command = {
  summary: "Create a user. Prints a generated password once unless --password-stdin is given.",
  usage: `user add --email <email> --role <${ROLES.join("|")}> [--name <name>] [--password-stdin]`,
  options: {
    email: { type: "string" },
    role: { type: "string" },
    name: { type: "string" },
    "password-stdin": { type: "boolean" },
  },
  needsDatabase: true,
  async run({ values }) {
    const email = values.email as string | undefined;
    const role = values.role as string | undefined;
    if (!email || !role) throw new UsageError("--email and --role are required.");
    const { password, generated } = await chosenPassword(values["password-stdin"]);
    const user = await createUser({
      email,
      role: role as (typeof ROLES)[number],
      name: (values.name as string | undefined) ?? email.split("@")[0],
      password,
    });
    console.log(`Created ${user.role} ${user.email}.`);
    if (generated) console.log(`Password (shown once): ${password}`);
    return 0;
  },
};

export const userResetPasswordCommand: Command = {
  summary: "Set a new password for a user. Prints a generated one once unless --password-stdin is given.",
  usage: "user reset-password --email <email> [--password-stdin]",
  options: { email: { type: "string" }, "password-stdin": { type: "boolean" } },
  needsDatabase: true,
  async run({ values }) {
    const email = values.email as string | undefined;
    if (!email) throw new UsageError("--email is required.");
    const { password, generated } = await chosenPassword(values["password-stdin"]);
    await setPassword(email, password);
    console.log(`Password reset for ${email.trim().toLowerCase()}.`);
    if (generated) console.log(`New password (shown once): ${password}`);
    return 0;
  },
};

export const userUnlockCommand: Command = {
  summary: "Lift login throttling: of an account (at every address, or at one), or of an address.",
  usage: "user unlock [--email <email>] [--address <ip>]",
  options: { email: { type: "string" }, address: { type: "string" } },
  needsDatabase: true,
  async run({ values }) {
    const email = values.email as string | undefined;
    const address = values.address as string | undefined;
    if (!email?.trim() && !address?.trim()) throw new UsageError("--email, --address or both are required.");
    const { cleared } = await unlockLogins({ email, address });
    const what = [email ? email.trim().toLowerCase() : null, address ? `from ${address.trim()}` : null].filter(Boolean).join(" ");
    console.log(cleared.length ? `Unlocked ${what}: cleared ${cleared.length} throttle record(s).` : `Nothing to unlock for ${what}.`);
    return 0;
  },
};
