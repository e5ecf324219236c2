"""TorchSharp's Module.save state-dict format (docs/formats.md), written from its description.

File: ULEB128 entry count, then per entry a string key (ULEB128 *byte* length + UTF-8) and a tensor
record (ULEB128 dtype code, ULEB128 rank, rank ULEB128 sizes, raw little-endian row-major bytes).
There is no magic number or trailer, so the reader validates every field against the bytes left and
rejects repeated keys and leftover bytes (the rule of docs/formats.md, shared with the C# reader).
"""
import numpy as np

from safetensors_io import MAX_RANK, MAX_TENSORS, byte_size

# TorchSharp ScalarType codes this reader and writer support (complex and bfloat16 are refused).
DTYPES = {
    0: np.dtype("u1"), 1: np.dtype("i1"), 2: np.dtype("<i2"), 3: np.dtype("<i4"), 4: np.dtype("<i8"),
    5: np.dtype("<f2"), 6: np.dtype("<f4"), 7: np.dtype("<f8"), 11: np.dtype("?"),
}
CODES = {dtype: code for code, dtype in DTYPES.items()}

# The bound of docs/formats.md on keys, the same in the C# reader (the others are safetensors_io's).
MAX_KEY_BYTES = 64 * 1024


class TorchSharpFormatError(ValueError):
    """The file is not a valid TorchSharp state-dict file; the message names the file, offset and cause.

    `reason` is the rule's keyword for the cause (docs/formats.md), e.g. "trailing-bytes".
    """

    def __init__(self, message, reason):
        super().__init__(message)
        self.reason = reason


class _Reader:
    def __init__(self, path, data):
        self.path, self.data, self.position = path, data, 0

    def fail(self, reason, message):
        raise TorchSharpFormatError(f"{self.path}: at byte {self.position}: {message}", reason)

    def uleb128(self, what):
        value, shift = 0, 0
        while True:
            if self.position >= len(self.data):
                self.fail("truncated", f"file ends inside the ULEB128 {what}")
            byte = self.data[self.position]
            self.position += 1
            value |= (byte & 0x7F) << shift
            if value >= 1 << 64:
                self.fail("malformed", f"ULEB128 {what} is longer than 64 bits")
            if not byte & 0x80:
                return value
            shift += 7
            if shift > 63:
                self.fail("malformed", f"ULEB128 {what} is longer than 64 bits")

    def take(self, count, what):
        if count > len(self.data) - self.position:
            self.fail("truncated", f"{what} needs {count} bytes but only {len(self.data) - self.position} remain")
        chunk = self.data[self.position:self.position + count]
        self.position += count
        return chunk


def load(path):
    """{key: ndarray} in file order."""
    with open(path, "rb") as f:
        reader = _Reader(path, f.read())
    count = reader.uleb128("entry count")
    if count > MAX_TENSORS:
        reader.fail("too-many-tensors", f"entry count {count} exceeds the cap of {MAX_TENSORS}")
    # Every entry takes at least 4 bytes (key length, dtype, rank and a size or an element).
    if count * 4 > len(reader.data):
        reader.fail("truncated", f"entry count {count} exceeds the file size {len(reader.data)}")
    tensors = {}
    for _ in range(count):
        key_length = reader.uleb128("key length")
        if key_length > MAX_KEY_BYTES:
            reader.fail("malformed", f"key length {key_length} exceeds {MAX_KEY_BYTES}")
        try:
            key = reader.take(key_length, "key").decode("utf-8")
        except UnicodeDecodeError as e:
            reader.fail("malformed", f"key is not UTF-8 ({e})")
        if key in tensors:
            reader.fail("duplicate-name", f"key '{key}' appears twice")
        code = reader.uleb128(f"dtype of '{key}'")
        if code not in DTYPES:
            reader.fail("unknown-dtype", f"tensor '{key}' has unknown or unsupported dtype code {code}")
        rank = reader.uleb128(f"rank of '{key}'")
        if rank > MAX_RANK:
            reader.fail("malformed", f"tensor '{key}' has rank {rank}, more than {MAX_RANK}")
        shape = [reader.uleb128(f"size {i} of '{key}'") for i in range(rank)]
        size = byte_size(shape, DTYPES[code].itemsize)
        if size is None:
            reader.fail("size-overflow", f"tensor '{key}' {DTYPES[code]} {shape} is too large to count in 63 bits")
        data = reader.take(size, f"tensor '{key}' ({DTYPES[code]} {shape})")
        tensors[key] = np.frombuffer(data, dtype=DTYPES[code]).reshape(shape).copy()
    if reader.position != len(reader.data):
        reader.fail("trailing-bytes", f"{len(reader.data) - reader.position} bytes left over after {count} entries")
    return tensors


def _uleb128(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def save(path, tensors):
    """Writes {key: ndarray} in the given order."""
    chunks = [_uleb128(len(tensors))]
    for key, array in tensors.items():
        array = np.asarray(array, order="C")  # not ascontiguousarray, which turns a scalar into [1]
        if array.dtype not in CODES:
            raise ValueError(f"{path}: tensor '{key}' has dtype {array.dtype}, which this writer does not support")
        encoded = key.encode("utf-8")
        chunks += [_uleb128(len(encoded)), encoded, _uleb128(CODES[array.dtype]), _uleb128(array.ndim)]
        chunks += [_uleb128(size) for size in array.shape]
        chunks.append(array.tobytes())
    with open(path, "wb") as f:
        f.write(b"".join(chunks))
