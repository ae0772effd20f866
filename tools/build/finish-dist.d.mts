/** tsc's output directory inside a package (tsconfig.build.json `outDir`). */
export const STAGING: string;
/** Every package directory of the workspace that has a tsconfig.build.json. */
export function packageDirs(root?: string): string[];
/** `text` of dist file `file` (relative path) with its specifiers made runnable by Node. */
export function fixText(text: string, file: string, files: Set<string>, fromDir: string): string;
/** Publish a package's tsc output and run-time assets (src/**\/*.{mjs,cjs,json}) into its dist/. */
export function finishPackage(dir: string): number;
