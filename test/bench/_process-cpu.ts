/** CPU of this whole process (all its threads), in % of one core, over `seconds` after a 3 s start-up. */
export async function processCpuOver(seconds: number): Promise<number> {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  await sleep(3000); // past the start-up
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const cpu = process.cpuUsage(cpu0);
  return ((cpu.user + cpu.system) / 1000 / (performance.now() - t0)) * 100;
}
