import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GATEWAY_NODE_FLAGS } from '../../gateway/node-flags.js';

const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<string, string>;

describe('the flags a gateway process runs with', () => {
  // The benchmark starts its processes with GATEWAY_NODE_FLAGS; what it measures is what `npm start` runs.
  it.each(['start', 'gateway'])('npm run %s starts node with the gateway flags', (name) => {
    const command = scripts[name]!;
    expect(command.startsWith('node ')).toBe(true);
    for (const flag of GATEWAY_NODE_FLAGS) expect(command.split(' ')).toContain(flag);
  });
});
