#include "model_files.h"

#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>

#include <torch/version.h>

#include "safetensors.h"
#include "spec_args.h"
#include "tensors.h"

namespace worker {
namespace {

// Counters that only training updates; a file without them still loads for inference.
constexpr const char* OptionalSuffix = "num_batches_tracked";

bool optional_key(const std::string& key) {
  return key.size() >= std::string(OptionalSuffix).size() && key.compare(key.size() - std::string(OptionalSuffix).size(), std::string::npos, OptionalSuffix) == 0;
}

std::string names(const std::vector<std::string>& keys) {
  if (keys.empty()) return "none";
  std::string text;
  for (const auto& k : keys) text += (text.empty() ? "" : ", ") + k;
  return text;
}

std::string described(const torch::Tensor& t) {
  return std::string(c10::toString(t.scalar_type())) + " " + json(t.sizes().vec()).dump();
}

/// The names of the modules Python registers for one spec layer, in order (model_builder.module_names).
std::vector<std::string> module_names(const json& layer) {
  auto name = layer["name"].get<std::string>(), kind = layer["kind"].get<std::string>();
  if (kind == "lstm" || kind == "gru") return {name, name + "_last_step"};
  return {name};
}

void require_file(const std::string& format, const std::string& path) {
  if (!std::filesystem::exists(path)) throw std::invalid_argument(format + " file not found: " + path);
}

}  // namespace

const std::vector<std::string>& load_formats() {
  static const std::vector<std::string> formats = {"safetensors", "torchscript_traced", "torchscript_scripted"};
  return formats;
}

const std::vector<std::string>& save_formats() {
  static const std::vector<std::string> formats = {"safetensors"};
  return formats;
}

SpecModel load_weights(const json& spec, const std::string& path, const torch::Device& device) {
  require_file("safetensors", path);
  auto arrays = safetensors::load(path);
  SpecModel model(spec);
  // Strict loading as TorchSharp and Python do it: the same names, dtypes and shapes (training counters optional).
  std::map<std::string, torch::Tensor> expected;
  for (auto& [key, tensor] : model->state()) expected.emplace(key, tensor);
  std::vector<std::string> unexpected, missing;
  std::set<std::string> present;
  for (const auto& a : arrays) {
    present.insert(a.name);
    if (!expected.count(a.name)) unexpected.push_back(a.name);
  }
  for (const auto& [key, _] : expected)
    if (!present.count(key) && !optional_key(key)) missing.push_back(key);
  if (!unexpected.empty() || !missing.empty())
    throw std::invalid_argument(path + ": weights do not match model " + spec.value("name", std::string("?")) + ": missing " + names(missing) +
                                ", unexpected " + names(unexpected));
  torch::NoGradGuard no_grad;
  for (const auto& a : arrays) {
    auto tensor = to_torch(a);
    auto& want = expected.at(a.name);
    if (tensor.scalar_type() != want.scalar_type() || tensor.sizes() != want.sizes())
      throw std::invalid_argument(path + ": '" + a.name + "' is " + described(tensor) + ", the model needs " + described(want));
    want.copy_(tensor);
  }
  model->to(device);
  return model;
}

LoadedModel LoadedModel::load(const json& spec, const std::string& format, const std::string& path, const torch::Device& device) {
  LoadedModel loaded;
  if (format == "torchscript_traced" || format == "torchscript_scripted") {
    require_file(format, path);
    loaded.archive_ = torch::jit::load(path, device);
    loaded.archive_->eval();
  } else if (format == "safetensors") {
    loaded.spec_model_ = load_weights(spec, path, device);
    loaded.spec_model_->eval();
  } else {
    throw std::invalid_argument("the libtorch-cpp worker cannot load format '" + format + "' (it loads " + names(load_formats()) + ")");
  }
  return loaded;
}

torch::Tensor LoadedModel::forward(const torch::Tensor& x) {
  return archive_ ? archive_->forward({x}).toTensor() : spec_model_->forward(x);
}

NamedTensors LoadedModel::activations(const json& spec, const torch::Tensor& x) {
  if (!archive_) return spec_model_->forward_layers(x);
  std::vector<std::string> expected, children;
  for (const auto& layer : spec["layers"])
    for (const auto& name : module_names(layer)) expected.push_back(name);
  for (const auto& child : archive_->named_children()) children.push_back(child.name);
  // A TorchScript archive of another shape: its output is all that can be seen.
  if (children != expected) return {{"output", forward(x)}};
  NamedTensors outputs;
  c10::IValue value = x;
  for (const auto& layer : spec["layers"]) {
    for (const auto& name : module_names(layer)) value = archive_->attr(name).toModule().forward({value});
    outputs.emplace_back(layer["name"].get<std::string>(), value.toTensor());
  }
  return outputs;
}

void save(SpecModel& model, const std::string& format, const std::string& path) {
  if (format != "safetensors")
    throw std::invalid_argument("the libtorch-cpp worker cannot save format '" + format + "' (it saves " + names(save_formats()) + ")");
  auto folder = std::filesystem::absolute(path).parent_path();
  std::filesystem::create_directories(folder);
  std::vector<RawTensor> tensors;
  for (const auto& [key, tensor] : model->state()) tensors.push_back(to_raw(key, tensor));
  safetensors::save(path, tensors, {{"producer", std::string("libtorch-cpp ") + TORCH_VERSION}});
}

}  // namespace worker
