/** CPU of this whole process (all its threads), in % of one core, over `seconds` after `settleMs` of start-up (3 s). */
export async function processCpuOver(seconds: number, settleMs = 3000): Promise<number> {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  await sleep(settleMs); // past the start-up
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const cpu = process.cpuUsage(cpu0);
  return ((cpu.user + cpu.system) / 1000 / (performance.now() - t0)) * 100;
}
