// safetensors reader/writer (format, the one validation rule and its bounds in docs/formats.md): u64 LE
// header length N, N bytes of JSON, then the data buffer. The bounds are checked before the header is
// parsed and every claim the header makes is checked against the file before any tensor memory is
// allocated, so a corrupt or hostile file fails with a message instead of an allocation.
import fs from 'node:fs';

const ARRAYS = {
  F32: Float32Array, F64: Float64Array, I64: BigInt64Array, I32: Int32Array,
  I16: Int16Array, I8: Int8Array, U8: Uint8Array, BOOL: Uint8Array,
};

// The bounds of docs/formats.md, the same in the C# and Python readers.
export const MAX_HEADER_BYTES = 8 * 1024 * 1024;
export const MAX_TENSORS = 16384;
export const MAX_RANK = 16; // numpy holds at most 32 dimensions, libtorch 64; our models use 4
const METADATA = '__metadata__';

/** `reason` is the rule's keyword for the cause (docs/formats.md), e.g. 'duplicate-name'. */
export class SafetensorsError extends Error {
  constructor(path, reason, message) {
    super(`invalid safetensors file ${path}: ${message}`);
    this.name = 'SafetensorsError';
    this.reason = reason;
  }
}

function elementCount(shape) {
  return shape.reduce((a, b) => a * b, 1);
}

/** prod(shape) × elementSize exactly, or null where the non-zero dimensions times elementSize reach 2^63. */
function byteSize(shape, elementSize) {
  let product = BigInt(elementSize);
  for (const d of shape) {
    product *= BigInt(d || 1);
    if (product >= 2n ** 63n) return null; // dimensions are at least 1: stop before a long shape makes it huge
  }
  return shape.includes(0) ? 0 : Number(product);
}

/** The first key repeated within one object of valid JSON text (JSON.parse silently keeps the last), or null. */
function repeatedKey(text) {
  const open = []; // per open container: the keys seen for an object, null for an array
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (expectKey) {
        const key = JSON.parse(text.slice(i, j + 1));
        const keys = open[open.length - 1];
        if (keys.has(key)) return key;
        keys.add(key);
        expectKey = false;
      }
      i = j;
    } else if (c === '{') {
      open.push(new Set());
      expectKey = true;
    } else if (c === '[') {
      open.push(null);
    } else if (c === '}' || c === ']') {
      open.pop();
    } else if (c === ',') {
      expectKey = open[open.length - 1] !== null;
    }
  }
  return null;
}

/** An integer in [0, 2^64), the range every reader of the rule can hold exactly. */
function isCount(value) {
  return Number.isInteger(value) && value >= 0 && value < 2 ** 64;
}

/** Parses and validates the header; returns {dataStart, entries: [{name, dtype, shape, begin, end}], metadata}. */
function readHeader(fd, path, fileSize) {
  const fail = (reason, message) => new SafetensorsError(path, reason, message);
  if (fileSize < 8) throw fail('truncated', `file has ${fileSize} bytes, fewer than the 8-byte header length`);
  const prefix = Buffer.alloc(8);
  fs.readSync(fd, prefix, 0, 8, 0);
  const headerLength = prefix.readBigUInt64LE(0);
  if (headerLength > BigInt(MAX_HEADER_BYTES)) {
    throw fail('header-too-large', `header length ${headerLength} exceeds the ${MAX_HEADER_BYTES}-byte cap`);
  }
  if (headerLength > BigInt(fileSize - 8)) {
    throw fail('truncated', `header length ${headerLength} is larger than the ${fileSize - 8} bytes after the length field`);
  }
  const n = Number(headerLength);
  const headerBytes = Buffer.alloc(n);
  fs.readSync(fd, headerBytes, 0, n, 8);
  // Every tensor entry is a JSON object and a structural '{' cannot be escaped, so this bounds the tensor
  // count before parsing (the root and __metadata__ are the two other objects).
  let objects = 0;
  for (let i = headerBytes.indexOf(0x7b); i !== -1; i = headerBytes.indexOf(0x7b, i + 1)) objects++;
  if (objects > MAX_TENSORS + 2) {
    throw fail('too-many-tensors', `header holds ${objects} JSON objects, more than the cap of ${MAX_TENSORS} tensors allows`);
  }
  let text, header;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(headerBytes);
    header = JSON.parse(text);
  } catch (e) {
    throw fail('malformed', `header is not valid JSON (${e.message})`);
  }
  const repeated = repeatedKey(text);
  if (repeated !== null) throw fail('duplicate-name', `header repeats the key '${repeated}'`);
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw fail('malformed', 'header is not a JSON object');
  const metadata = Object.hasOwn(header, METADATA) ? header[METADATA] : {};
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata) || !Object.values(metadata).every(v => typeof v === 'string')) {
    throw fail('malformed', `${METADATA} is not an object of strings`);
  }
  const described = Object.entries(header).filter(([name]) => name !== METADATA);
  if (described.length > MAX_TENSORS) throw fail('too-many-tensors', `header holds ${described.length} tensors, more than the cap of ${MAX_TENSORS}`);
  const dataStart = 8 + n;
  const dataLength = fileSize - dataStart;
  const entries = [];
  for (const [name, info] of described) {
    if (info === null || typeof info !== 'object' || Array.isArray(info)) throw fail('malformed', `tensor '${name}' has no description object`);
    if (typeof info.dtype !== 'string') throw fail('malformed', `tensor '${name}' has no dtype string`);
    if (!Object.hasOwn(ARRAYS, info.dtype)) {
      throw fail('unknown-dtype', `tensor '${name}' has unknown or unsupported dtype '${info.dtype}' (supported: ${Object.keys(ARRAYS).join(', ')})`);
    }
    const { shape, data_offsets: offsets } = info;
    if (!Array.isArray(shape) || !shape.every(isCount)) {
      throw fail('malformed', `tensor '${name}' has an invalid shape ${JSON.stringify(shape)}`);
    }
    if (shape.length > MAX_RANK) throw fail('malformed', `tensor '${name}' has rank ${shape.length}, more than ${MAX_RANK}`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
      throw fail('malformed', `tensor '${name}' has invalid data_offsets ${JSON.stringify(offsets)}`);
    }
    const [begin, end] = offsets;
    if (begin > end) throw fail('reversed-range', `tensor '${name}' data_offsets [${begin}, ${end}] are reversed`);
    if (end > dataLength) {
      throw fail('out-of-bounds', `tensor '${name}' byte range [${begin}, ${end}) runs past the end of the ${dataLength}-byte data buffer`);
    }
    const expected = byteSize(shape, ARRAYS[info.dtype].BYTES_PER_ELEMENT);
    if (expected === null) throw fail('size-overflow', `tensor '${name}' ${info.dtype} ${JSON.stringify(shape)} is too large to count in 63 bits`);
    if (end - begin !== expected) {
      throw fail('size-mismatch', `tensor '${name}' occupies ${end - begin} bytes but shape ${JSON.stringify(shape)} of ${info.dtype} needs ${expected}`);
    }
    entries.push({ name, dtype: info.dtype, shape, begin, end });
  }
  // Sorted by (begin, end), the ranges must tile the buffer: each starts where the previous ended.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  for (const e of sorted) {
    if (e.begin < covered) throw fail('overlap', `tensor '${e.name}' overlaps the previous tensor`);
    if (e.begin > covered) throw fail('gap', `bytes [${covered}, ${e.begin}) of the data buffer belong to no tensor`);
    covered = e.end;
  }
  if (covered !== dataLength) throw fail('trailing-bytes', `bytes [${covered}, ${dataLength}) after the last tensor belong to no tensor`);
  return { dataStart, entries, metadata };
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
    throw new SafetensorsError(path, 'missing', `cannot open (${e.code ?? e.message})`);
  }
  try {
    const { dataStart, entries, metadata } = readHeader(fd, path, fs.fstatSync(fd).size);
    const wanted = names ?? entries.map(e => e.name);
    const byName = new Map(entries.map(e => [e.name, e]));
    const tensors = new Map();
    for (const name of wanted) {
      const e = byName.get(name);
      if (e === undefined) throw new SafetensorsError(path, 'missing', `has no tensor '${name}' (has: ${[...byName.keys()].join(', ')})`);
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
