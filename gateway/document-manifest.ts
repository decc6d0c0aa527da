import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Role } from '../directives/caller.js';
import { loadPolicyConfig } from '../directives/policy-config.js';

/** One registered document: what a partner role may run, sent by id. */
export interface RegisteredDocument {
  /** The role the document is registered for: only that role may run it. */
  role: Role;
  /** The file's name without `.graphql` (the operation's name by convention). */
  name: string;
  /** Where it lives, relative to the repository. */
  file: string;
  body: string;
}

/** documents/manifest.json: id (sha256 of the body, hex) → document. */
export interface DocumentManifest {
  version: 1;
  documents: Record<string, RegisteredDocument>;
}

export const documentId = (body: string): string => createHash('sha256').update(body).digest('hex');

/** The manifest of every `documents/<role>/*.graphql` under `root`, in a stable order; each folder must be a role of `roles` (default: the policy file's). */
export function buildDocumentManifest(root: string, roles: readonly Role[] = Object.keys(loadPolicyConfig().roles)): DocumentManifest {
  const dir = join(root, 'documents');
  const documents: Record<string, RegisteredDocument> = {};
  for (const role of readdirSync(dir).sort()) {
    if (!statSync(join(dir, role)).isDirectory()) continue;
    if (!roles.includes(role)) throw new Error(`documents/${role}: not a role the policy declares (roles: ${roles.join(', ')})`);
    for (const file of readdirSync(join(dir, role)).filter((f) => f.endsWith('.graphql')).sort()) {
      const body = readFileSync(join(dir, role, file), 'utf8');
      const id = documentId(body);
      const path = relative(root, join(dir, role, file));
      if (documents[id]) throw new Error(`${path} is the same document as ${documents[id]!.file}: register it once`);
      documents[id] = { role, name: file.replace(/\.graphql$/, ''), file: path, body };
    }
  }
  return { version: 1, documents };
}

export const manifestText = (manifest: DocumentManifest): string => JSON.stringify(manifest, null, 2) + '\n';

/** The committed manifest (documents/manifest.json). */
export function readDocumentManifest(file: string | URL = new URL('../documents/manifest.json', import.meta.url)): DocumentManifest {
  return JSON.parse(readFileSync(file, 'utf8')) as DocumentManifest;
}
