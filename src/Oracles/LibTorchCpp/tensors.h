// Conversions between wire tensors (frames, safetensors) and torch tensors.
#pragma once

#include <string>

#include <torch/types.h>

#include "raw_tensor.h"

namespace worker {

/// A CPU tensor owning a copy of the bytes; the dtype must be one libtorch holds.
torch::Tensor to_torch(const RawTensor& raw);

/// The tensor's bytes (copied to the CPU, made contiguous) under `name`.
RawTensor to_raw(const std::string& name, const torch::Tensor& tensor);

/// The wire name of a torch dtype (F32, F64, I64, …); throws for one without a name.
std::string wire_name(torch::ScalarType dtype);

}  // namespace worker
