import path from "node:path";

/** The Copydesk checkout: set by the CLI launcher, else the working directory. */
export function projectRoot(): string {
  return process.env.COPYDESK_ROOT ?? process.cwd();
}

export function projectPath(...parts: string[]): string {
  return path.join(projectRoot(), ...parts);
}
