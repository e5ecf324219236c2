"""TorchSharp's Module.save state-dict format (shared/docs/FORMATS.md), written from its description.

File: ULEB128 entry count, then per entry a string key (ULEB128 *byte* length + UTF-8) and a tensor
record (ULEB128 dtype code, ULEB128 rank, rank ULEB128 sizes, raw little-endian row-major bytes).
There is no magic number or trailer, so the reader validates every field against the bytes left and
rejects leftover bytes.
"""
import numpy as np

# TorchSharp ScalarType codes this reader and writer support (complex and bfloat16 are refused).
DTYPES = {
    0: np.dtype("u1"), 1: np.dtype("i1"), 2: np.dtype("<i2"), 3: np.dtype("<i4"), 4: np.dtype("<i8"),
    5: np.dtype("<f2"), 6: np.dtype("<f4"), 7: np.dtype("<f8"), 11: np.dtype("?"),
}
CODES = {dtype: code for code, dtype in DTYPES.items()}

MAX_RANK = 16
MAX_KEY_BYTES = 64 * 1024


class TorchSharpFormatError(ValueError):
    """The file is not a valid TorchSharp state-dict file; the message names the file, offset and cause."""


class _Reader:
    def __init__(self, path, data):
        self.path, self.data, self.position = path, data, 0

    def fail(self, message):
        raise TorchSharpFormatError(f"{self.path}: at byte {self.position}: {message}")

    def uleb128(self, what):
        value, shift = 0, 0
        while True:
            if self.position >= len(self.data):
                self.fail(f"file ends inside the ULEB128 {what}")
            byte = self.data[self.position]
            self.position += 1
            value |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return value
            shift += 7
            if shift > 63:
                self.fail(f"ULEB128 {what} is longer than 64 bits")

    def take(self, count, what):
        if count > len(self.data) - self.position:
            self.fail(f"{what} needs {count} bytes but only {len(self.data) - self.position} remain")
        chunk = self.data[self.position:self.position + count]
        self.position += count
        return chunk


def load(path):
    """{key: ndarray} in file order."""
    with open(path, "rb") as f:
        reader = _Reader(path, f.read())
    count = reader.uleb128("entry count")
    # Every entry takes at least 4 bytes (key length, dtype, rank and a size or an element).
    if count * 4 > len(reader.data):
        reader.fail(f"entry count {count} exceeds the file size {len(reader.data)}")
    tensors = {}
    for _ in range(count):
        key_length = reader.uleb128("key length")
        if key_length > MAX_KEY_BYTES:
            reader.fail(f"key length {key_length} exceeds {MAX_KEY_BYTES}")
        try:
            key = reader.take(key_length, "key").decode("utf-8")
        except UnicodeDecodeError as e:
            reader.fail(f"key is not UTF-8 ({e})")
        if key in tensors:
            reader.fail(f"key '{key}' appears twice")
        code = reader.uleb128(f"dtype of '{key}'")
        if code not in DTYPES:
            reader.fail(f"tensor '{key}' has unknown or unsupported dtype code {code}")
        rank = reader.uleb128(f"rank of '{key}'")
        if rank > MAX_RANK:
            reader.fail(f"tensor '{key}' has rank {rank}, more than {MAX_RANK}")
        shape = [reader.uleb128(f"size {i} of '{key}'") for i in range(rank)]
        count_elements = 1
        for size in shape:
            count_elements *= size
        data = reader.take(count_elements * DTYPES[code].itemsize, f"tensor '{key}' ({DTYPES[code]} {shape})")
        tensors[key] = np.frombuffer(data, dtype=DTYPES[code]).reshape(shape).copy()
    if reader.position != len(reader.data):
        reader.fail(f"{len(reader.data) - reader.position} bytes left over after {count} entries")
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
            raise TorchSharpFormatError(f"{path}: tensor '{key}' has dtype {array.dtype}, which this writer does not support")
        encoded = key.encode("utf-8")
        chunks += [_uleb128(len(encoded)), encoded, _uleb128(CODES[array.dtype]), _uleb128(array.ndim)]
        chunks += [_uleb128(size) for size in array.shape]
        chunks.append(array.tobytes())
    with open(path, "wb") as f:
        f.write(b"".join(chunks))
