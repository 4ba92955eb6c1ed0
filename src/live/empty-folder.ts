/** What the daemon says when the patch folder holds no patch. */
import { readdirSync } from "node:fs";

/** What an empty patch folder (or one of other files) is missing, and that the set waits for a patch. */
export function emptyFolderNotice(dir: string): string {
  const others = readdirSync(dir).filter((f) => !f.startsWith("."));
  const js = others.filter((f) => /\.(m?js|cjs|tsx|mts)$/.test(f));
  const found = others.length === 0 ? "it is empty" : `it holds ${others.slice(0, 5).join(", ")}${others.length > 5 ? " …" : ""}`;
  const hint = js.length > 0 ? ` Patches are TypeScript: rename ${js[0]} to ${js[0]!.replace(/\.[^.]+$/, ".ts")}.` : "";
  return (
    `no patches in ${dir}: ${found}. A patch is a .ts file there whose default export is ` +
    `patch(() => { … }) (see patches/basic.ts).${hint} The clock runs; save a patch and it comes in.`
  );
}

