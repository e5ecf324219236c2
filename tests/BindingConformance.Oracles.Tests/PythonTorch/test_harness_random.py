"""The Python worker's harness generator against the shared test vectors (run by PythonWeightFileTests.cs).

fixtures/randomness/vectors.json (copied beside the tests as Randomness/) is written by make_vectors.py, the
generator's reference implementation in plain integers; TorchSharpHarnessRandomTests checks TorchSharp's against it.
"""
import json
import os
import sys
import unittest

import torch

import harness_random
import model_builder

VECTORS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Randomness")
sys.path.insert(0, VECTORS)
import make_vectors  # noqa: E402 - the reference implementation lives beside the vectors

CPU = torch.device("cpu")


class HarnessRandomTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(os.path.join(VECTORS, "vectors.json"), encoding="utf-8") as f:
            cls.vectors = json.load(f)

    def test_committed_vectors_are_what_the_reference_writes(self):
        self.assertEqual(self.vectors, json.loads(json.dumps(make_vectors.manifest())))

    def test_keys_and_draws_match_the_vectors(self):
        for case in self.vectors["cases"]:
            seed, step, site, indices = case["seed"], case["step"], case["site"], case["indices"]
            with self.subTest(seed=seed, step=step, site=site):
                self.assertEqual(harness_random.keys(seed, step, site), case["keys"])
                count = max(indices) + 1 if max(indices) < 1_000_000 else None
                if count is None:
                    # 2^32 elements would not fit in memory: the tensor path is checked on the elements it numbers.
                    first, second = case["keys"]
                    drawn = torch.tensor(indices, dtype=torch.int64).bitwise_xor_(first)
                    bits = harness_random._mix_(harness_random._mix_(drawn).bitwise_xor_(second))
                    self.assertEqual(bits.tolist(), case["bits"])
                    continue
                bits = harness_random.bits(seed, step, site, count, CPU)
                self.assertEqual([int(bits[i]) for i in indices], case["bits"])
                uniform = harness_random.uniform(seed, step, site, [count], CPU)
                self.assertEqual([float(uniform[i]) for i in indices], case["uniform"])

    def test_dropout_drops_exactly_the_vectors_elements_and_scales_the_rest(self):
        mask = self.vectors["dropout"]
        dropout = harness_random.HarnessDropout(mask["p"], mask["site"]).train()
        harness_random.draw_from(dropout, mask["seed"], mask["step"])
        out = dropout(torch.ones(mask["count"]))
        self.assertEqual(torch.nonzero(out == 0).flatten().tolist(), mask["dropped"])
        self.assertTrue(torch.all(out[out != 0] == torch.tensor(1.0).div_(1 - mask["p"])))
        self.assertTrue(torch.equal(dropout.eval()(out), out), "evaluation mode draws nothing")

    def test_sites_are_numbered_in_forward_order(self):
        encoder = {"name": "encoder", "kind": "transformer_encoder",
                   "args": {"d_model": 8, "heads": 2, "feed_forward": 16, "layers": 2, "max_length": 4, "dropout": 0.1}}
        spec = {"name": "m", "layers": [{"name": "drop", "kind": "dropout", "args": {"p": 0.5}}, encoder,
                                        {"name": "drop2", "kind": "dropout", "args": {"p": 0.5}}]}
        sites = {name: m.site for name, m in model_builder.build(spec).named_modules() if isinstance(m, harness_random.HarnessDropout)}
        self.assertEqual(sites, {
            "drop": 0,
            "encoder.layers.0.self_attn.dropout": 1, "encoder.layers.0.dropout1": 2,
            "encoder.layers.0.dropout": 3, "encoder.layers.0.dropout2": 4,
            "encoder.layers.1.self_attn.dropout": 5, "encoder.layers.1.dropout1": 6,
            "encoder.layers.1.dropout": 7, "encoder.layers.1.dropout2": 8,
            "drop2": 9,
        })


if __name__ == "__main__":
    unittest.main()
