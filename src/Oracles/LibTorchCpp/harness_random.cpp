#include "harness_random.h"

#include <stdexcept>
#include <string>

#include <torch/torch.h>

namespace worker::harness_random {
namespace {

// The spec's constants: the multipliers are below 2^31, so a product with a 32-bit value stays below 2^63 in int64.
constexpr uint32_t FirstMultiplier = 0x21F0AAAD, SecondMultiplier = 0x735A2D97;
constexpr uint32_t SeedSalt = 0x9E3779B9, KeySalt = 0x85EBCA6B;
constexpr int64_t Low32 = 0xFFFFFFFF;
constexpr int64_t MaxElements = int64_t{1} << 32;

/// mix on an int64 tensor of values in [0, 2^32), in place.
torch::Tensor& mix_(torch::Tensor& x) {
  x.bitwise_xor_(x.__rshift__(16));
  x.mul_(int64_t{FirstMultiplier}).bitwise_and_(Low32);
  x.bitwise_xor_(x.__rshift__(15));
  x.mul_(int64_t{SecondMultiplier}).bitwise_and_(Low32);
  return x.bitwise_xor_(x.__rshift__(15));
}

}  // namespace

uint32_t mix(uint32_t x) {
  x ^= x >> 16;
  x *= FirstMultiplier;  // unsigned arithmetic wraps mod 2^32
  x ^= x >> 15;
  x *= SecondMultiplier;
  return x ^ (x >> 15);
}

std::array<uint32_t, 2> keys(int64_t seed, int64_t step, int64_t site) {
  auto first = mix(mix(mix(static_cast<uint32_t>(seed) ^ SeedSalt) ^ static_cast<uint32_t>(step)) ^ static_cast<uint32_t>(site));
  return {first, mix(first ^ KeySalt)};
}

torch::Tensor bits_at(const torch::Tensor& indices, const std::array<uint32_t, 2>& keys) {
  auto drawn = indices.to(torch::kInt64, /*non_blocking=*/false, /*copy=*/true).bitwise_xor_(int64_t{keys[0]});
  return mix_(mix_(drawn).bitwise_xor_(int64_t{keys[1]}));
}

torch::Tensor bits(int64_t seed, int64_t step, int64_t site, int64_t count, const torch::Device& device) {
  if (count > MaxElements) throw std::invalid_argument("the harness generator numbers at most 2^32 elements per draw");
  return bits_at(torch::arange(count, torch::dtype(torch::kInt64).device(device)), keys(seed, step, site));
}

torch::Tensor uniform(int64_t seed, int64_t step, int64_t site, torch::IntArrayRef shape, const torch::Device& device) {
  int64_t count = 1;
  for (auto size : shape) count *= size;
  // The top 24 bits scaled by 2^-24: a float32 in [0, 1), exactly.
  return bits(seed, step, site, count, device).__rshift__(8).to(torch::kFloat32).mul_(1.0 / 16777216).view(shape);
}

HarnessDropoutImpl::HarnessDropoutImpl(double p, int64_t site) : p(p), site(site) {
  if (!(p >= 0.0 && p < 1.0)) throw std::invalid_argument("dropout probability must be in [0, 1), got " + std::to_string(p));
}

torch::Tensor HarnessDropoutImpl::forward(const torch::Tensor& x) {
  if (!is_training() || p == 0.0) return x;
  // The comparison in float32 (a float tensor against a number), the mask divided by 1 - p in x's dtype, as Python does.
  auto kept = uniform(seed, step, site, x.sizes(), x.device()).ge(p);
  return x * kept.to(x.scalar_type()).div_(1.0 - p);
}

void draw_from(torch::nn::Module& model, int64_t seed, int64_t step) {
  for (const auto& module : model.modules()) {
    if (auto dropout = module->as<HarnessDropoutImpl>()) {
      dropout->seed = seed;
      dropout->step = step;
    }
  }
}

}  // namespace worker::harness_random
