// Binary frames of the worker protocol (src/Oracles/Workers/PROTOCOL.md):
// u32 LE header length, UTF-8 JSON header, then the raw little-endian bytes of header.tensors in order.

export const DTYPE_SIZES = { F32: 4, F64: 8, I64: 8, I32: 4, U8: 1 };

// Largest header a peer may send; anything bigger is a corrupt stream, not a request.
const MAX_HEADER_BYTES = 64 * 1024 * 1024;

export function byteLength(spec) {
  const size = DTYPE_SIZES[spec.dtype];
  if (size === undefined) throw new Error(`frame tensor '${spec.name}' has unknown dtype '${spec.dtype}'`);
  if (!Array.isArray(spec.shape) || !spec.shape.every(d => Number.isSafeInteger(d) && d >= 0)) {
    throw new Error(`frame tensor '${spec.name}' has an invalid shape ${JSON.stringify(spec.shape)}`);
  }
  return spec.shape.reduce((a, b) => a * b, 1) * size;
}

/**
 * Reads frames from a byte stream; yields {header, tensors: {name: {dtype, shape, bytes}}}. A header that is not a JSON
 * object, or lists tensors that cannot be sized, yields {malformed: {id, message}} instead and no payload is read for it
 * (PROTOCOL.md, "Malformed requests"): its end is known, so the stream goes on.
 */
export async function* readFrames(stream) {
  // Chunks are joined only once a frame's part is complete: joining on every chunk costs O(size²) for a large tensor.
  let chunks = [];
  let size = 0;
  const take = count => {
    const joined = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
    const rest = joined.subarray(count);
    chunks = rest.length > 0 ? [rest] : [];
    size = rest.length;
    return joined.subarray(0, count);
  };
  let need = null; // {header, specs, lengths, payloadLength} once the header is parsed
  for await (const chunk of stream) {
    chunks.push(chunk);
    size += chunk.length;
    for (;;) {
      if (need === null) {
        if (size < 4) break;
        if (chunks[0].length < 4) chunks = [Buffer.concat(chunks, size)];
        const headerLength = chunks[0].readUInt32LE(0);
        if (headerLength > MAX_HEADER_BYTES) throw new Error(`frame header of ${headerLength} bytes exceeds ${MAX_HEADER_BYTES}`);
        if (size < 4 + headerLength) break;
        const parsed = parseHeader(take(4 + headerLength).subarray(4));
        if (parsed.malformed) {
          yield parsed;
          continue;
        }
        need = parsed;
      }
      if (size < need.payloadLength) break;
      const payload = take(need.payloadLength);
      const tensors = {};
      let offset = 0;
      need.specs.forEach((spec, i) => {
        const length = need.lengths[i];
        // Copy so the tensor owns aligned memory independent of the stream buffer.
        tensors[spec.name] = { dtype: spec.dtype, shape: spec.shape, bytes: Buffer.from(payload.subarray(offset, offset + length)) };
        offset += length;
      });
      const header = need.header;
      need = null;
      yield { header, tensors };
    }
  }
  if (size > 0 || need !== null) throw new Error(`stream ended inside a frame (${size} bytes left)`);
}

/** {header, specs, lengths, payloadLength}, or {malformed: {id, message}} for a header that cannot be used. */
function parseHeader(bytes) {
  let header;
  try {
    header = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    return { malformed: { id: null, message: `frame header is not valid JSON: ${e.message}` } };
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    return { malformed: { id: null, message: 'frame header is not a JSON object' } };
  }
  const specs = header.tensors ?? [];
  try {
    if (!Array.isArray(specs)) throw new Error("frame header 'tensors' is not a list");
    const lengths = specs.map(byteLength);
    return { header, specs, lengths, payloadLength: lengths.reduce((a, b) => a + b, 0) };
  } catch (e) {
    return { malformed: { id: header.id ?? null, message: e.message } };
  }
}

/** Writes one frame; tensors is a list of {name, dtype, shape, data: TypedArray}. */
export function writeFrame(out, header, tensors = []) {
  const specs = tensors.map(t => ({ name: t.name, dtype: t.dtype, shape: t.shape }));
  const json = Buffer.from(JSON.stringify({ ...header, tensors: specs }), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length, 0);
  const parts = [length, json];
  for (const t of tensors) {
    const bytes = Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    if (bytes.length !== byteLength(t)) throw new Error(`tensor '${t.name}' has ${bytes.length} bytes, shape says ${byteLength(t)}`);
    parts.push(bytes);
  }
  out.write(Buffer.concat(parts));
}
