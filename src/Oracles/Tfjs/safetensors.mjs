// safetensors reader/writer (format in shared/docs/FORMATS.md): u64 LE header length N, N bytes of JSON,
// then the data buffer. Every claim the header makes is checked against the file before any tensor
// memory is allocated, so a corrupt or hostile file fails with a message instead of an allocation.
import fs from 'node:fs';

const ARRAYS = {
  F32: Float32Array, F64: Float64Array, I64: BigInt64Array, I32: Int32Array,
  I16: Int16Array, I8: Int8Array, U8: Uint8Array, BOOL: Uint8Array,
};

// The reference implementation refuses headers above 100 MB.
const MAX_HEADER_BYTES = 100_000_000;

export class SafetensorsError extends Error {
  constructor(path, message) {
    super(`invalid safetensors file ${path}: ${message}`);
    this.name = 'SafetensorsError';
  }
}

function elementCount(shape) {
  return shape.reduce((a, b) => a * b, 1);
}

/** Parses and validates the header; returns {dataStart, entries: [{name, dtype, shape, begin, end}], metadata}. */
function readHeader(fd, path, fileSize) {
  if (fileSize < 8) throw new SafetensorsError(path, `file has ${fileSize} bytes, fewer than the 8-byte header length`);
  const prefix = Buffer.alloc(8);
  fs.readSync(fd, prefix, 0, 8, 0);
  const headerLength = prefix.readBigUInt64LE(0);
  if (headerLength > BigInt(fileSize - 8)) {
    throw new SafetensorsError(path, `header length ${headerLength} is larger than the ${fileSize - 8} bytes after the length field`);
  }
  if (headerLength > BigInt(MAX_HEADER_BYTES)) {
    throw new SafetensorsError(path, `header length ${headerLength} exceeds the ${MAX_HEADER_BYTES}-byte cap`);
  }
  const n = Number(headerLength);
  const headerBytes = Buffer.alloc(n);
  fs.readSync(fd, headerBytes, 0, n, 8);
  let header;
  try {
    header = JSON.parse(headerBytes.toString('utf8'));
  } catch (e) {
    throw new SafetensorsError(path, `header is not valid JSON (${e.message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    throw new SafetensorsError(path, 'header is not a JSON object');
  }
  const dataStart = 8 + n;
  const dataLength = fileSize - dataStart;
  const entries = [];
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    if (info === null || typeof info !== 'object') throw new SafetensorsError(path, `tensor '${name}' has no description object`);
    const array = ARRAYS[info.dtype];
    if (array === undefined) {
      throw new SafetensorsError(path, `tensor '${name}' has unknown or unsupported dtype '${info.dtype}' (supported: ${Object.keys(ARRAYS).join(', ')})`);
    }
    const { shape, data_offsets: offsets } = info;
    if (!Array.isArray(shape) || !shape.every(d => Number.isSafeInteger(d) && d >= 0)) {
      throw new SafetensorsError(path, `tensor '${name}' has an invalid shape ${JSON.stringify(shape)}`);
    }
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(o => Number.isSafeInteger(o) && o >= 0) || offsets[0] > offsets[1]) {
      throw new SafetensorsError(path, `tensor '${name}' has invalid data_offsets ${JSON.stringify(offsets)}`);
    }
    const [begin, end] = offsets;
    if (end > dataLength) {
      throw new SafetensorsError(path, `tensor '${name}' byte range [${begin}, ${end}) runs past the end of the ${dataLength}-byte data buffer`);
    }
    const expected = elementCount(shape) * array.BYTES_PER_ELEMENT;
    if (end - begin !== expected) {
      throw new SafetensorsError(path, `tensor '${name}' occupies ${end - begin} bytes but shape ${JSON.stringify(shape)} of ${info.dtype} needs ${expected}`);
    }
    entries.push({ name, dtype: info.dtype, shape, begin, end });
  }
  const sorted = [...entries].sort((a, b) => a.begin - b.begin);
  let covered = 0;
  for (const e of sorted) {
    if (e.begin !== covered) {
      throw new SafetensorsError(path, e.begin < covered ? `tensor '${e.name}' overlaps the previous tensor` : `bytes [${covered}, ${e.begin}) of the data buffer belong to no tensor`);
    }
    covered = e.end;
  }
  if (covered !== dataLength) throw new SafetensorsError(path, `bytes [${covered}, ${dataLength}) of the data buffer belong to no tensor`);
  return { dataStart, entries, metadata: header.__metadata__ ?? {} };
}

/**
 * Reads a safetensors file. Returns {tensors: Map(name → {dtype, shape, data: TypedArray}), metadata}.
 * `names`, when given, limits which tensors are loaded (all must exist).
 */
export function readSafetensors(path, names = null) {
  let fd;
  try {
    fd = fs.openSync(path, 'r');
  } catch (e) {
    throw new SafetensorsError(path, `cannot open (${e.code ?? e.message})`);
  }
  try {
    const { dataStart, entries, metadata } = readHeader(fd, path, fs.fstatSync(fd).size);
    const wanted = names ?? entries.map(e => e.name);
    const byName = new Map(entries.map(e => [e.name, e]));
    const tensors = new Map();
    for (const name of wanted) {
      const e = byName.get(name);
      if (e === undefined) throw new SafetensorsError(path, `has no tensor '${name}' (has: ${[...byName.keys()].join(', ')})`);
      const array = ARRAYS[e.dtype];
      const data = new array(elementCount(e.shape));
      fs.readSync(fd, new Uint8Array(data.buffer), 0, e.end - e.begin, dataStart + e.begin);
      tensors.set(name, { dtype: e.dtype, shape: e.shape, data });
    }
    return { tensors, metadata };
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes tensors [{name, dtype, shape, data: TypedArray}] (row-major, little-endian) to a safetensors file. */
export function writeSafetensors(path, tensors, metadata = {}) {
  const header = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    const array = ARRAYS[t.dtype];
    if (array === undefined) throw new Error(`cannot write tensor '${t.name}': unsupported dtype '${t.dtype}'`);
    const length = elementCount(t.shape) * array.BYTES_PER_ELEMENT;
    if (t.data.byteLength !== length) throw new Error(`tensor '${t.name}' has ${t.data.byteLength} bytes, shape needs ${length}`);
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + length] };
    offset += length;
  }
  let json = JSON.stringify(header);
  // Pad with spaces so the data buffer starts 8-byte aligned, as the reference writer does.
  json += ' '.repeat((8 - ((Buffer.byteLength(json) + 8) % 8)) % 8);
  const jsonBytes = Buffer.from(json, 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(jsonBytes.length), 0);
  const parts = [prefix, jsonBytes, ...tensors.map(t => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength))];
  fs.writeFileSync(path, Buffer.concat(parts));
}
