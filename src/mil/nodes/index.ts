/** MIL's parts as nodes for any patch: harmony, groove, ornament, tension. */
export { HarmonyNode, type HarmonyNodeOptions, type HarmonyChord } from "./harmony-node.ts";
export { planPhrase, type PlannedPhrase, type HarmonyPlanOptions } from "./harmony-plan.ts";
export { GrooveNode, type GrooveNodeOptions } from "./groove-node.ts";
export { OrnamentNode, type OrnamentNodeOptions } from "./ornament-node.ts";
export { TensionNode, type TensionNodeOptions } from "./tension-node.ts";
