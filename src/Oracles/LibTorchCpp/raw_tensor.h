// A tensor as bytes: what frames and safetensors files carry, before it becomes a torch::Tensor.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace worker {

struct RawTensor {
  std::string name;
  std::string dtype;            // a wire name: F32, F64, I64, I32, U8 (frames); safetensors holds more
  std::vector<int64_t> shape;
  std::vector<char> bytes;      // row-major, little-endian

  int64_t elements() const {
    int64_t count = 1;
    for (auto d : shape) count *= d;
    return count;
  }
};

}  // namespace worker
