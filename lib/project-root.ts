import path from "node:path";

/** The Copydesk checkout: set by the CLI launcher, else the working directory. */
export function projectRoot(): string {
  return process.env.COPYDESK_ROOT ?? process.cwd();
}

export function projectPath(...parts: string[]): string {
  // Paths are resolved at run time; the ignore keeps Next's build from tracing the whole checkout
  // into the server output because of this one dynamic join.
  return path.join(/*turbopackIgnore: true*/ projectRoot(), ...parts);
}
