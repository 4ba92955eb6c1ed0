/** The healthy set of `npm run bench -- survive`: three nodes playing sixteenths, through a recording port. */
export const BPM = 124;
export const LATENCY_MS = 40;
export const healthy = `export default patch(() => {
  euclid("pulse", { steps: 16, pulses: 16, trigger: "step" });
  arp("lead", { trigger: "step", degrees: [0, 2, 4, 6], pattern: "updown", gate: 0.2, channel: 0 });
  arp("bass", { trigger: "step", root: 36, degrees: [0, 4], gate: 0.2, channel: 1 });
});
`;
