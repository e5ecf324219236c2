// The harness's counter-based generator (docs/harness-randomness.md) and the dropout that draws from it, as the Python
// worker's harness_random.py implements them: every dropout mask of a training step is a function of (seed, step, site,
// element index), computed with exact int64 tensor operations, so this worker draws Python's masks bit for bit. The test
// vectors are fixtures/randomness/vectors.json (harness_random_test.cpp checks them).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

namespace worker::harness_random {

/// The spec's bijection of unsigned 32-bit integers, on one integer.
uint32_t mix(uint32_t x);

/// The two keys of draw (seed, step, site); each argument is taken mod 2^32.
std::array<uint32_t, 2> keys(int64_t seed, int64_t step, int64_t site);

/// The 32-bit draws of the elements numbered by `indices` (int64 in [0, 2^32)) under `keys`, as int64.
torch::Tensor bits_at(const torch::Tensor& indices, const std::array<uint32_t, 2>& keys);

/// The 32-bit draws of elements 0..count-1 of draw (seed, step, site), as int64.
torch::Tensor bits(int64_t seed, int64_t step, int64_t site, int64_t count, const torch::Device& device);

/// float32 draws in [0, 1) of a tensor of `shape`: element i (row-major) is the spec's uniform(seed, step, site, i).
torch::Tensor uniform(int64_t seed, int64_t step, int64_t site, torch::IntArrayRef shape, const torch::Device& device);

/// Inverted dropout whose mask is the harness's draw at (seed, step, site): element i is dropped when its uniform draw is
/// below p, the rest are scaled by 1 / (1 - p) as torch's dropout does. `site` numbers the model's draws in forward
/// order; the training loop sets `seed` and `step` before each forward pass (draw_from below).
class HarnessDropoutImpl : public torch::nn::Module {
 public:
  HarnessDropoutImpl(double p, int64_t site);

  torch::Tensor forward(const torch::Tensor& x);

  double p;
  int64_t site;
  int64_t seed = 0;
  int64_t step = 0;
};
TORCH_MODULE(HarnessDropout);

/// Points every harness dropout of `model` at the draws of (seed, step): call before each training forward pass.
void draw_from(torch::nn::Module& model, int64_t seed, int64_t step);

}  // namespace worker::harness_random
