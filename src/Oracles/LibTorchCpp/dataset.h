// Reads a dataset cache file (safetensors with train_x, train_y, test_x, test_y) into torch tensors.
#pragma once

#include <string>
#include <utility>

#include <nlohmann/json.hpp>
#include <torch/types.h>

namespace worker {

using json = nlohmann::ordered_json;

/// (inputs, labels) of one split ("train" or "test"), validated against the DatasetRef and the ModelSpec:
/// float32 inputs (int64 for token ids) and int64 labels, on `device`.
std::pair<torch::Tensor, torch::Tensor> load_split(const json& data, const json& spec, const std::string& split, const torch::Device& device);

}  // namespace worker
