/** Construct ids derived from manifest names, so template logical ids read like the manifest. */

/** `submitFeedback` → `SubmitFeedback`. */
export function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
