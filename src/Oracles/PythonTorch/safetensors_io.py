"""safetensors reader and writer (layout, the one validation rule and its bounds in docs/formats.md).

A file is: u64 little-endian header length N, N bytes of UTF-8 JSON, then the data buffer. The reader
checks the bounds before it parses the header and validates the header against the file size before
reading any tensor data, so a file that claims huge or countless tensors fails without allocating them.
"""
import json
import os
import struct

import numpy as np

DTYPES = {
    "F64": np.dtype("<f8"), "F32": np.dtype("<f4"), "F16": np.dtype("<f2"),
    "I64": np.dtype("<i8"), "I32": np.dtype("<i4"), "I16": np.dtype("<i2"), "I8": np.dtype("i1"),
    "U8": np.dtype("u1"), "BOOL": np.dtype("?"),
}
WIRE_NAMES = {dtype: name for name, dtype in DTYPES.items()}

# The bounds of docs/formats.md, the same in the C# and JavaScript readers (torchsharp_format uses
# MAX_TENSORS too); a header over them is refused before it is parsed.
MAX_HEADER_BYTES = 8 * 1024 * 1024
MAX_TENSORS = 16384
MAX_RANK = 16  # numpy holds at most 32 dimensions, libtorch 64; our models use 4
METADATA = "__metadata__"


class SafetensorsError(ValueError):
    """The file is not a valid safetensors file; the message names the file and the cause.

    `reason` is the rule's keyword for the cause (docs/formats.md), e.g. "duplicate-name".
    """

    def __init__(self, path, reason, cause):
        super().__init__(f"{path}: {cause}")
        self.reason = reason


def read_header(path):
    """Validated (header dict without __metadata__, data buffer offset); reads no tensor data."""
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        prefix = f.read(8)
        if len(prefix) < 8:
            raise SafetensorsError(path, "truncated", f"file of {size} bytes is too short for the 8-byte header length")
        (length,) = struct.unpack("<Q", prefix)
        if length > MAX_HEADER_BYTES:
            raise SafetensorsError(path, "header-too-large", f"header length {length} exceeds the {MAX_HEADER_BYTES}-byte cap")
        if length > size - 8:
            raise SafetensorsError(path, "truncated", f"header length {length} exceeds the file's remaining {size - 8} bytes")
        raw = f.read(length)
    # Every tensor entry is a JSON object and a structural "{" cannot be escaped, so this bounds the
    # tensor count before parsing (the root and __metadata__ are the two other objects).
    objects = raw.count(b"{")
    if objects > MAX_TENSORS + 2:
        raise SafetensorsError(path, "too-many-tensors",
                               f"header holds {objects} JSON objects, more than the cap of {MAX_TENSORS} tensors allows")
    try:
        header = json.loads(raw.decode("utf-8"), object_pairs_hook=lambda pairs: _without_repeats(path, pairs))
    except SafetensorsError:
        raise
    except ValueError as e:  # invalid UTF-8 or JSON, or a number past Python's digit limit
        raise SafetensorsError(path, "malformed", f"header is not valid JSON ({e})") from None
    if not isinstance(header, dict):
        raise SafetensorsError(path, "malformed", "header is not a JSON object")
    metadata = header.pop(METADATA, {})
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise SafetensorsError(path, "malformed", f"{METADATA} is not an object of strings")
    if len(header) > MAX_TENSORS:
        raise SafetensorsError(path, "too-many-tensors", f"header holds {len(header)} tensors, more than the cap of {MAX_TENSORS}")
    _validate(path, header, size - 8 - length)
    return header, 8 + length


def _without_repeats(path, pairs):
    """A JSON object as a dict; a repeated key (which json.loads would silently collapse) is refused."""
    result = {}
    for key, value in pairs:
        if key in result:
            raise SafetensorsError(path, "duplicate-name", f"header repeats the key '{key}'")
        result[key] = value
    return result


def _validate(path, header, buffer_size):
    ranges = []
    for name, entry in header.items():
        if not isinstance(entry, dict):
            raise SafetensorsError(path, "malformed", f"entry '{name}' is not an object")
        dtype, shape, offsets = entry.get("dtype"), entry.get("shape"), entry.get("data_offsets")
        if not isinstance(dtype, str):
            raise SafetensorsError(path, "malformed", f"tensor '{name}' has no dtype string")
        if dtype not in DTYPES:
            raise SafetensorsError(path, "unknown-dtype", f"tensor '{name}' has unknown dtype {dtype!r}")
        if not isinstance(shape, list) or not all(_is_count(d) for d in shape):
            raise SafetensorsError(path, "malformed", f"tensor '{name}' has an invalid shape {shape!r}")
        if len(shape) > MAX_RANK:
            raise SafetensorsError(path, "malformed", f"tensor '{name}' has rank {len(shape)}, more than {MAX_RANK}")
        if not (isinstance(offsets, list) and len(offsets) == 2 and all(_is_count(o) for o in offsets)):
            raise SafetensorsError(path, "malformed", f"tensor '{name}' has invalid data_offsets {offsets!r}")
        begin, end = offsets
        if begin > end:
            raise SafetensorsError(path, "reversed-range", f"tensor '{name}' data_offsets [{begin}, {end}] are reversed")
        if end > buffer_size:
            raise SafetensorsError(path, "out-of-bounds",
                                   f"tensor '{name}' data_offsets [{begin}, {end}] lie outside the {buffer_size}-byte data buffer")
        size = byte_size(shape, DTYPES[dtype].itemsize)
        if size is None:
            raise SafetensorsError(path, "size-overflow", f"tensor '{name}' {dtype} {shape} is too large to count in 63 bits")
        if size != end - begin:
            raise SafetensorsError(path, "size-mismatch",
                                   f"tensor '{name}' is {dtype} {shape} ({size} bytes) but its data_offsets span {end - begin} bytes")
        ranges.append((begin, end, name))
    # Sorted by (begin, end), the ranges must tile the buffer: each starts where the previous ended.
    position = 0
    for begin, end, name in sorted(ranges):
        if begin < position:
            raise SafetensorsError(path, "overlap", f"tensor '{name}' range [{begin}, {end}] overlaps the previous tensor")
        if begin > position:
            raise SafetensorsError(path, "gap", f"bytes [{position}, {begin}) of the data buffer belong to no tensor")
        position = end
    if position != buffer_size:
        raise SafetensorsError(path, "trailing-bytes", f"bytes [{position}, {buffer_size}) after the last tensor belong to no tensor")


def byte_size(shape, itemsize):
    """prod(shape) x itemsize, or None where the non-zero dimensions times itemsize reach 2^63.

    That bound is what numpy, libtorch and a .NET long can count; it holds even for a tensor with a
    zero dimension, which numpy cannot shape either (docs/formats.md).
    """
    product = itemsize
    for d in shape:
        product *= d or 1
        if product >= 1 << 63:  # dimensions are at least 1: stop before a long shape makes it huge
            return None
    return 0 if 0 in shape else product


def _is_count(value):
    """An integer in [0, 2^64), the range every reader of the rule can hold exactly."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 1 << 64


def load(path, names=None):
    """{name: ndarray} of a validated file in header order; only `names` (all when None) are read."""
    header, data_start = read_header(path)
    tensors = {}
    with open(path, "rb") as f:
        for name, entry in header.items():
            if names is not None and name not in names:
                continue
            begin, end = entry["data_offsets"]
            f.seek(data_start + begin)
            data = f.read(end - begin)
            tensors[name] = np.frombuffer(data, dtype=DTYPES[entry["dtype"]]).reshape(entry["shape"]).copy()
    return tensors


def save(path, tensors, metadata=None):
    """Writes {name: ndarray} with tensors in the given order."""
    header, offset, arrays = {}, 0, []
    if metadata:
        header[METADATA] = {str(k): str(v) for k, v in metadata.items()}
    for name, array in tensors.items():
        array = np.asarray(array, order="C")  # not ascontiguousarray, which turns a scalar into [1]
        if array.dtype not in WIRE_NAMES:
            raise ValueError(f"{path}: tensor '{name}' has dtype {array.dtype}, which this writer does not support")
        header[name] = {"dtype": WIRE_NAMES[array.dtype], "shape": list(array.shape),
                        "data_offsets": [offset, offset + array.nbytes]}
        offset += array.nbytes
        arrays.append(array)
    body = json.dumps(header, separators=(",", ":")).encode("utf-8")
    # Pad the header with spaces so the data buffer starts 8-byte aligned, as the reference writer does.
    body += b" " * (-len(body) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(body)) + body)
        for array in arrays:
            f.write(array.tobytes())
