import { topLevelMembers } from './top-level-members';

/**
 * Sets the top-level `model` of a JSON body given as its raw bytes, and makes sure the bytes
 * forwarded carry exactly the model the proxy decided on (issue 15 item 6).
 *
 * `body` is `JSON.parse(raw)`: its `model` is the top-level member however its key was escaped
 * (`"mod\u0065l"`), and the last one when the key repeats. The raw bytes are located by a scan
 * of the top-level members only (a `model` inside `metadata`, a message or a string is never
 * touched). One top-level `model` member: only that member is replaced (`"model":<json>`), so
 * a multi-megabyte passthrough body does not pay for stringify + encode. Its key is written
 * plainly, so no upstream parser can read another name. A repeated top-level `model` key (a
 * parser that keeps the first would bill another model): the whole body is re-serialised
 * from the parsed object, which has one.
 */
export function rewriteModel(raw: Buffer, body: Record<string, unknown>, model: string): Buffer {
  const members = topLevelMembers(raw);
  const found = members?.filter((m) => m.key === 'model');
  if (!found || found.length > 1) return Buffer.from(JSON.stringify({ ...body, model }));
  const member = found[0];
  if (!member) return Buffer.from(JSON.stringify({ ...body, model }));
  if (body.model === model && member.plainKey) return raw;
  return Buffer.concat([raw.subarray(0, member.start), Buffer.from(`"model":${JSON.stringify(model)}`), raw.subarray(member.end)]);
}
