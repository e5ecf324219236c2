#include "dataset.h"

#include <stdexcept>

#include "safetensors.h"
#include "spec_args.h"
#include "tensors.h"

namespace worker {

std::pair<torch::Tensor, torch::Tensor> load_split(const json& data, const json& spec, const std::string& split, const torch::Device& device) {
  auto path = field(data, "path", "dataset reference").get<std::string>();
  auto inputs_name = split + "_x", labels_name = split + "_y";
  auto tensors = safetensors::load(path, std::set<std::string>{inputs_name, labels_name});
  const RawTensor* inputs = nullptr;
  const RawTensor* labels = nullptr;
  for (const auto& t : tensors) (t.name == inputs_name ? inputs : labels) = &t;
  if (!inputs || !labels) throw std::invalid_argument(path + ": dataset has no tensor '" + (inputs ? labels_name : inputs_name) + "'");

  auto count = field(data, split + "_count", "dataset reference").get<int64_t>();
  std::vector<int64_t> expected{count};
  for (const auto& d : field(spec, "input_shape", "model spec")) expected.push_back(d.get<int64_t>());
  auto text = [](const std::vector<int64_t>& shape) { return json(shape).dump(); };
  if (inputs->shape != expected)
    throw std::invalid_argument(path + ": " + inputs_name + " has shape " + text(inputs->shape) + "; model " + spec.value("name", std::string("?")) +
                                " and the dataset reference need " + text(expected));
  if (labels->shape != std::vector<int64_t>{count})
    throw std::invalid_argument(path + ": " + labels_name + " has shape " + text(labels->shape) + ", expected [" + std::to_string(count) + "]");
  auto y = to_torch(*labels);
  auto classes = field(spec, "classes", "model spec").get<int64_t>();
  if (!torch::isIntegralType(y.scalar_type(), false) || (y.numel() > 0 && (y.min().item<int64_t>() < 0 || y.max().item<int64_t>() >= classes)))
    throw std::invalid_argument(path + ": " + labels_name + " must be integer class ids in [0, " + std::to_string(classes) + ")");
  // Token ids feed embeddings as int64; everything else is float32.
  auto x = to_torch(*inputs);
  x = torch::isIntegralType(x.scalar_type(), false) ? x.to(torch::kInt64) : x.to(torch::kFloat32);
  return {x.to(device), y.to(torch::kInt64).to(device)};
}

}  // namespace worker
