import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

/**
 * Reads V8 CPU profiles (`node --cpu-prof`) and names where the time went: by function (self
 * time), by package or project folder (self time), the project's own functions by inclusive time
 * (with everything they call), and — comparing the privacy gateway's profile with the plain
 * gateway's over the same requests — what the privacy layer adds per request.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  name: string;
  where: string;
  /** Milliseconds per request. */
  msPerRequest: number;
  /** Of the profiled process's busy time. */
  share: number;
}

/** One profile, totals in milliseconds over the profiled window. */
export interface ProfileTotals {
  requests: number;
  totalMs: number;
  idleMs: number;
  byFunction: Map<string, { name: string; where: string; ms: number }>;
  byModule: Map<string, { name: string; where: string; ms: number }>;
  projectInclusive: Map<string, { name: string; where: string; ms: number }>;
}

/**
 * Reads a profile. Samples taken before `fromMicros` of the profiled process's monotonic clock
 * (its start-up: loading and compiling modules, and the warm-up) are left out. `requests` is how
 * many requests the process answered in the window, to express costs per request.
 */
export function readProfile(file: string, root: string, fromMicros: number, requests: number): ProfileTotals {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const totals: ProfileTotals = { requests, totalMs: 0, idleMs: 0, byFunction: new Map(), byModule: new Map(), projectInclusive: new Map() };
  const add = (map: ProfileTotals['byFunction'], key: string, name: string, where: string, ms: number) => {
    const line = map.get(key) ?? { name, where, ms: 0 };
    line.ms += ms;
    map.set(key, line);
  };
  // Sample i was taken at startTime + the running sum of deltas up to i; its weight is the next delta.
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (at < fromMicros) continue;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const leaf = byId.get(profile.samples[i]!)!;
    const { name, where } = label(leaf, root);
    totals.totalMs += ms;
    if (name === '(idle)') {
      totals.idleMs += ms;
      continue;
    }
    add(totals.byFunction, `${name} ${where}`, name, where, ms);
    const module = moduleOf(leaf.callFrame.url, root, name);
    add(totals.byModule, module, module, '', ms);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const node = byId.get(id)!;
      if (!isProjectFile(node.callFrame.url, root)) continue;
      const l = label(node, root);
      const key = `${l.name} ${l.where}`;
      if (seen.has(key)) continue;
      seen.add(key);
      add(totals.projectInclusive, key, l.name, l.where, ms);
    }
  }
  return totals;
}

/** The heaviest lines of one of a profile's maps, per request. */
export function topLines(totals: ProfileTotals, map: ProfileTotals['byFunction'], top = 15): ProfileLine[] {
  const busy = totals.totalMs - totals.idleMs;
  return [...map.values()]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top)
    .map((l) => ({ name: l.name, where: l.where, msPerRequest: l.ms / totals.requests, share: busy ? l.ms / busy : 0 }));
}

/**
 * What `with` spends per request beyond `without`, line by line (only lines that grew). A line's
 * share is of everything that grew, not of the difference in busy time: that difference is small
 * against the machine's noise and can even come out negative over a short profile.
 */
export function extraLines(withLayer: ProfileTotals, without: ProfileTotals, pick: (t: ProfileTotals) => ProfileTotals['byFunction'], top = 15): ProfileLine[] {
  const base = pick(without);
  const grown = [...pick(withLayer).entries()]
    .map(([key, l]) => ({ name: l.name, where: l.where, msPerRequest: l.ms / withLayer.requests - (base.get(key)?.ms ?? 0) / without.requests, share: 0 }))
    .filter((l) => l.msPerRequest > 0);
  const growth = grown.reduce((sum, l) => sum + l.msPerRequest, 0);
  for (const l of grown) l.share = l.msPerRequest / growth;
  return grown.sort((a, b) => b.msPerRequest - a.msPerRequest).slice(0, top);
}

export function busyPerRequest(totals: ProfileTotals): number {
  return (totals.totalMs - totals.idleMs) / totals.requests;
}

function label(node: ProfileNode, root: string): { name: string; where: string } {
  const { functionName, url } = node.callFrame;
  // tsx compiles each file to one line: the file names the place, not the line.
  return { name: functionName || '(anonymous)', where: url ? shortUrl(url, root) : '(native)' };
}

function pathOf(url: string): string {
  return url.startsWith('file://') ? new URL(url).pathname : url;
}

function shortUrl(url: string, root: string): string {
  const path = pathOf(url);
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) return path.slice(nm + '/node_modules/'.length);
  return path.startsWith('/') ? relative(root, path) : path;
}

function moduleOf(url: string, root: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(V8 builtins / native)';
  const path = pathOf(url);
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (path.startsWith('node:')) {
    const parts = path.slice(5).split('/');
    return `node:${parts.slice(0, parts[1] === 'deps' ? 3 : 2).join('/')}`;
  }
  if (path.startsWith(root)) return `${relative(root, path).split('/')[0]}/ (project)`;
  return path;
}

function isProjectFile(url: string, root: string): boolean {
  if (!url) return false;
  const path = pathOf(url);
  return path.startsWith(root) && !path.includes('/node_modules/') && !path.includes('/bench/');
}
