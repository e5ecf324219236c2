"""The harness's counter-based generator (docs/harness-randomness.md) and the dropout that draws from it.

Every random draw of a training step (dropout masks) is a function of (seed, step, site, element index), computed
with int64 tensor ops that every PyTorch-family binding implements identically, so two bindings that share kernels
draw identical masks. The test vectors are fixtures/randomness/vectors.json.
"""
from typing import List

import torch
from torch import Tensor, nn

# The spec's numbers are written out in the functions below (TorchScript compiles them and takes no int globals):
# 0xFFFFFFFF masks to 32 bits; the multipliers 0x21F0AAAD and 0x735A2D97 are below 2^31, so that a product with a
# 32-bit value stays below 2^63 in int64; the salts are 0x9E3779B9 (seed) and 0x85EBCA6B (second key); 2^-24 scales
# the top 24 bits to a float32 in [0, 1) exactly.


def mix(x: int) -> int:
    """The spec's bijection of unsigned 32-bit integers, on one integer."""
    x = x & 0xFFFFFFFF
    x = x ^ (x >> 16)
    x = (x * 0x21F0AAAD) & 0xFFFFFFFF
    x = x ^ (x >> 15)
    x = (x * 0x735A2D97) & 0xFFFFFFFF
    return x ^ (x >> 15)


def _mix_(x: Tensor) -> Tensor:
    """mix on an int64 tensor of values in [0, 2^32), in place."""
    x.bitwise_xor_(x >> 16)
    x.mul_(0x21F0AAAD).bitwise_and_(0xFFFFFFFF)
    x.bitwise_xor_(x >> 15)
    x.mul_(0x735A2D97).bitwise_and_(0xFFFFFFFF)
    return x.bitwise_xor_(x >> 15)


def keys(seed: int, step: int, site: int) -> List[int]:
    """The two keys of draw (seed, step, site)."""
    first = mix(mix(mix((seed & 0xFFFFFFFF) ^ 0x9E3779B9) ^ (step & 0xFFFFFFFF)) ^ (site & 0xFFFFFFFF))
    return [first, mix(first ^ 0x85EBCA6B)]


def bits(seed: int, step: int, site: int, count: int, device: torch.device) -> Tensor:
    """The 32-bit draws of elements 0..count-1, as int64."""
    if count > 0x100000000:
        raise ValueError("the harness generator numbers at most 2^32 elements per draw")
    first_second = keys(seed, step, site)
    drawn = _mix_(torch.arange(count, dtype=torch.int64, device=device).bitwise_xor_(first_second[0]))
    return _mix_(drawn.bitwise_xor_(first_second[1]))


def uniform(seed: int, step: int, site: int, shape: List[int], device: torch.device) -> Tensor:
    """float32 draws in [0, 1) of a tensor of `shape`, element i (row-major) being the spec's uniform(seed, step, site, i)."""
    count = 1
    for size in shape:
        count *= size
    return (bits(seed, step, site, count, device) >> 8).to(torch.float32).mul_(1.0 / 16777216).view(shape)


class HarnessDropout(nn.Module):
    """Inverted dropout whose mask is the harness's draw at (seed, step, site): element i is dropped when its uniform
    draw is below p, the rest are scaled by 1 / (1 - p) as torch's dropout does. `site` numbers the model's draws in
    forward order; the training loop sets `seed` and `step` before each forward pass (draw_from below)."""

    def __init__(self, p: float, site: int):
        super().__init__()
        if not 0.0 <= p < 1.0:
            raise ValueError(f"dropout probability must be in [0, 1), got {p}")
        self.p = p
        self.site = site
        self.seed = 0
        self.step = 0

    def forward(self, x: Tensor) -> Tensor:
        if not self.training or self.p == 0.0:
            return x
        kept = uniform(self.seed, self.step, self.site, list(x.shape), x.device) >= self.p
        return x * kept.to(x.dtype).div_(1.0 - self.p)


def draw_from(model: nn.Module, seed: int, step: int):
    """Points every harness dropout of `model` (or of its TorchScript compilation) at the draws of (seed, step): call
    before each training forward pass."""
    for module in model.modules():
        if isinstance(module, HarnessDropout) or getattr(module, "original_name", None) == HarnessDropout.__name__:
            module.seed = seed
            module.step = step
