/** Every package directory of the workspace that has a tsconfig.build.json. */
export function packageDirs(root?: string): string[];
/** Rewrite one emitted file's relative specifiers so Node resolves them; returns whether it changed. */
export function fixFile(file: string): boolean;
/** Copy a package's run-time assets (src/**\/*.{mjs,cjs,json}) and fix its dist/ for Node. */
export function finishPackage(dir: string): number;
