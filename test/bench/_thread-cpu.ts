import { readdirSync, readFileSync } from "node:fs";
/** CPU ticks (1/100 s) per thread of this process: tid → { name, ticks }. */
export function threadTicks(): Map<string, { name: string; ticks: number }> {
  const out = new Map<string, { name: string; ticks: number }>();
  for (const tid of readdirSync("/proc/self/task")) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(tid, { name, ticks: Number(f[11]) + Number(f[12]) });
    } catch {}
  }
  return out;
}
