"""Runs the shared malformed-file corpus through the worker's readers (run by PythonWeightFileTests.cs).

The corpus (fixtures/formats/malformed, copied beside the tests as Formats/Corpus) names the outcome of
every file; the C# and JavaScript readers run the same corpus and must agree (docs/formats.md).
"""
import json
import os
import sys
import tempfile
import unittest

import safetensors_io
import torchsharp_format

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Formats", "Corpus")
sys.path.insert(0, CORPUS)
import make_corpus  # noqa: E402 - the corpus generator lives beside the corpus

READERS = {
    "safetensors": (safetensors_io.load, safetensors_io.SafetensorsError),
    "torchsharp": (torchsharp_format.load, torchsharp_format.TorchSharpFormatError),
}


class MalformedCorpusTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(os.path.join(CORPUS, "expected.json"), encoding="utf-8") as f:
            cls.manifest = json.load(f)

    def test_committed_files_are_what_the_generator_writes(self):
        self.assertEqual(self.manifest, make_corpus.manifest())
        for name, _, _, data in make_corpus.SAFETENSORS + make_corpus.TORCHSHARP:
            with open(os.path.join(CORPUS, name), "rb") as f:
                self.assertEqual(f.read(), data, name)

    def test_readers_declare_the_corpus_bounds(self):
        self.assertEqual(safetensors_io.MAX_HEADER_BYTES, self.manifest["max_header_bytes"])
        self.assertEqual(safetensors_io.MAX_TENSORS, self.manifest["max_tensors"])
        self.assertEqual(safetensors_io.MAX_RANK, self.manifest["max_rank"])
        self.assertEqual(torchsharp_format.MAX_TENSORS, self.manifest["max_tensors"])
        self.assertEqual(torchsharp_format.MAX_RANK, self.manifest["max_rank"])

    def test_every_case_has_its_expected_outcome(self):
        with tempfile.TemporaryDirectory() as folder:
            for case in self.manifest["cases"]:
                with self.subTest(case["name"]):
                    if "generated" in case:
                        path = os.path.join(folder, case["name"])
                        with open(path, "wb") as f:
                            f.write(make_corpus.generated(case["generated"]))
                    else:
                        path = os.path.join(CORPUS, case["file"])
                    self.assertEqual(self.outcome(case["format"], path), (case["expected"], case.get("reason")), case["why"])

    @staticmethod
    def outcome(file_format, path):
        load, error = READERS[file_format]
        try:
            load(path)
        except error as e:
            assert path in str(e), f"the message names the file: {e}"
            return "rejected", e.reason
        return "ok", None
