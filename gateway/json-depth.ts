/**
 * Whether JSON text nests objects and arrays deeper than `limit`, read character by character
 * without parsing it: brackets inside strings do not count. A 98 KB body of 49,000 nested arrays in its
 * variables cost the gateway its garbage collector for every caller (JSON.parse builds every
 * level) before any limit looked at it; this scan is linear and allocates nothing.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const b = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (b === 0x5c) escaped = true;
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x7b || b === 0x5b) {
      if (++depth > limit) return true;
    } else if (b === 0x7d || b === 0x5d) depth--;
  }
  return false;
}
