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

/** Reads frames from a byte stream; yields {header, tensors: {name: {dtype, shape, bytes}}}. */
export async function* readFrames(stream) {
  let buffered = Buffer.alloc(0);
  let need = null; // {headerLength, header, payloadLength} once the header is parsed
  for await (const chunk of stream) {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    for (;;) {
      if (need === null) {
        if (buffered.length < 4) break;
        const headerLength = buffered.readUInt32LE(0);
        if (headerLength > MAX_HEADER_BYTES) throw new Error(`frame header of ${headerLength} bytes exceeds ${MAX_HEADER_BYTES}`);
        if (buffered.length < 4 + headerLength) break;
        const header = JSON.parse(buffered.subarray(4, 4 + headerLength).toString('utf8'));
        const specs = header.tensors ?? [];
        const payloadLength = specs.reduce((sum, s) => sum + byteLength(s), 0);
        need = { headerLength, header, specs, payloadLength };
      }
      const total = 4 + need.headerLength + need.payloadLength;
      if (buffered.length < total) break;
      const tensors = {};
      let offset = 4 + need.headerLength;
      for (const spec of need.specs) {
        const length = byteLength(spec);
        // Copy so the tensor owns aligned memory independent of the stream buffer.
        tensors[spec.name] = { dtype: spec.dtype, shape: spec.shape, bytes: Buffer.from(buffered.subarray(offset, offset + length)) };
        offset += length;
      }
      const header = need.header;
      buffered = buffered.subarray(total);
      need = null;
      yield { header, tensors };
    }
  }
  if (buffered.length > 0) throw new Error(`stream ended inside a frame (${buffered.length} bytes left)`);
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
