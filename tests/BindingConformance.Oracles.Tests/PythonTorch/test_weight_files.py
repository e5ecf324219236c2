"""Unit tests of the Python worker's weight-file writers and readers (run by PythonWeightFileTests.cs).

Expected bytes are written out by hand from docs/formats.md; malformed files are in test_malformed_corpus.py.
"""
import os
import struct
import tempfile
import unittest

import numpy as np

import safetensors_io
import torchsharp_format


class TorchSharpFormatTests(unittest.TestCase):
    def setUp(self):
        self.path = tempfile.mktemp(suffix=".dat")

    def tearDown(self):
        if os.path.exists(self.path):
            os.remove(self.path)

    def test_writes_the_documented_bytes(self):
        torchsharp_format.save(self.path, {"fc.bias": np.array([1.0, -2.0], dtype=np.float32)})
        with open(self.path, "rb") as f:
            data = f.read()
        # count 1; key length 7 + "fc.bias"; dtype 6 (float32); rank 1; size 2; two little-endian floats.
        self.assertEqual(data, b"\x01\x07fc.bias\x06\x01\x02" + struct.pack("<2f", 1.0, -2.0))

    def test_sizes_of_128_and_more_take_several_uleb128_bytes(self):
        torchsharp_format.save(self.path, {"w": np.zeros((300,), dtype=np.uint8)})
        with open(self.path, "rb") as f:
            data = f.read()
        # 300 = 0b10_0101100 -> 0xAC 0x02
        self.assertEqual(data[:7], b"\x01\x01w\x00\x01\xac\x02")
        self.assertEqual(len(data), 7 + 300)

    def test_non_ascii_keys_are_prefixed_with_their_byte_length(self):
        key = "größe.weight"
        torchsharp_format.save(self.path, {key: np.arange(6, dtype=np.int64).reshape(2, 3)})
        with open(self.path, "rb") as f:
            data = f.read()
        self.assertEqual(data[1], len(key.encode("utf-8")))
        self.assertNotEqual(len(key), len(key.encode("utf-8")))
        loaded = torchsharp_format.load(self.path)
        np.testing.assert_array_equal(loaded[key], np.arange(6).reshape(2, 3))

    def test_round_trips_every_supported_dtype_and_rank_zero(self):
        tensors = {f"t{code}": np.ones((2, 1), dtype=dtype) for code, dtype in torchsharp_format.DTYPES.items()}
        tensors["scalar"] = np.array(3.5, dtype=np.float64)
        torchsharp_format.save(self.path, tensors)
        loaded = torchsharp_format.load(self.path)
        self.assertEqual(list(loaded), list(tensors))
        for name, array in tensors.items():
            self.assertEqual(loaded[name].dtype, array.dtype, name)
            # assert_array_equal broadcasts, so a scalar written as [1] would pass it: compare shapes too.
            self.assertEqual(loaded[name].shape, array.shape, name)
            np.testing.assert_array_equal(loaded[name], array)


class SafetensorsTests(unittest.TestCase):
    def setUp(self):
        self.path = tempfile.mktemp(suffix=".safetensors")

    def tearDown(self):
        if os.path.exists(self.path):
            os.remove(self.path)

    def test_round_trips_tensors_in_order_with_an_aligned_data_buffer(self):
        tensors = {"b": np.arange(3, dtype=np.float32), "a": np.arange(4, dtype=np.int64).reshape(2, 2)}
        safetensors_io.save(self.path, tensors, {"producer": "test"})
        header, data_start = safetensors_io.read_header(self.path)
        self.assertEqual(data_start % 8, 0)
        self.assertEqual(header["b"], {"dtype": "F32", "shape": [3], "data_offsets": [0, 12]})
        self.assertEqual(header["a"], {"dtype": "I64", "shape": [2, 2], "data_offsets": [12, 44]})
        loaded = safetensors_io.load(self.path)
        self.assertEqual(list(loaded), ["b", "a"])
        np.testing.assert_array_equal(loaded["a"], tensors["a"])

    def test_a_scalar_keeps_shape_empty(self):
        # State dicts hold scalars (batch norm's num_batches_tracked); TorchSharp refuses a [1] in their place.
        safetensors_io.save(self.path, {"n": np.array(7, dtype=np.int64)})
        self.assertEqual(safetensors_io.read_header(self.path)[0]["n"]["shape"], [])
        self.assertEqual(safetensors_io.load(self.path)["n"].shape, ())

    def test_reads_only_the_requested_tensors(self):
        safetensors_io.save(self.path, {"x": np.zeros(2, np.float32), "y": np.ones(2, np.int64)})
        self.assertEqual(list(safetensors_io.load(self.path, names=("y",))), ["y"])


if __name__ == "__main__":
    unittest.main()
