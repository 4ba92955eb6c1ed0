/** A dot-command's arguments, split on spaces. */
export function words(args: string): string[] {
  return args.split(/\s+/).filter(Boolean);
}
