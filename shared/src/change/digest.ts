/**
 * A deterministic digest of a merged state: equal digests mean identical records, values, winners,
 * conflicts and parked ops. Replicas and the server compare it to prove they converged.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalize } from '../crypto/canonical-json';
import type { JsonValue } from './op';
import type { FieldVersion, MergeState } from './merge-state';

export function stateDigest(state: MergeState): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalState(state))));
}

/** The canonical text the digest is taken of: one line per record, then the parked op ids. */
export function canonicalState(state: MergeState): string {
  const lines: string[] = [];
  for (const key of [...state.records.keys()].sort()) {
    const r = state.records.get(key)!;
    const fields = Object.keys(r.fields)
      .sort()
      .map((name) => {
        const f = r.fields[name]!;
        return `${JSON.stringify(name)}:[${version(f)},${f.seen ?? ''},[${f.rivals.map(version).join(',')}]]`;
      });
    // `last` is derived from the field winners; its opId pins it.
    lines.push(
      `${JSON.stringify(key)}:[${JSON.stringify(r.county)},${r.deleted},${JSON.stringify(r.last.opId)},{${fields.join(',')}}]`,
    );
  }
  lines.push(`parked:${JSON.stringify([...state.parked.keys()].sort())}`);
  return lines.join('\n');
}

/** HLCs are checked by the merge (fixed alphabet, fixed length), so they go in unquoted. */
function version(v: FieldVersion): string {
  return `[${canonicalJson(v.value)},${v.hlc},${JSON.stringify(v.opId)},${JSON.stringify(v.device)},${JSON.stringify(v.operator)}]`;
}

/** JSON with object keys sorted (RFC 8785), so equal values always give equal text. */
export function canonicalJson(value: JsonValue): string {
  return canonicalize(value);
}
