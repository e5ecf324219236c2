// Saves a trained model and loads models others saved: safetensors weights into the spec's module (our own
// reader, strict as TorchSharp and Python load them), and TorchScript archives with torch::jit::load (which
// runs the archive's code, so only load archives from trusted producers).
//
// The C++ frontend cannot write TorchScript: torch::jit::trace and torch::jit::script are Python front ends, and a
// torch::nn module has no TorchScript form. So this worker saves safetensors only.
#pragma once

#include <optional>
#include <string>

#include <torch/script.h>

#include "model_builder.h"

namespace worker {

/// A model ready for inference: the spec's module with loaded weights, or a TorchScript module.
class LoadedModel {
 public:
  static LoadedModel load(const json& spec, const std::string& format, const std::string& path, const torch::Device& device);

  torch::Tensor forward(const torch::Tensor& x);

  /// Every spec layer's output (PROTOCOL.md, op `activations`), or the output alone, named "output", for an
  /// archive whose children are not the spec's modules.
  NamedTensors activations(const json& spec, const torch::Tensor& x);

 private:
  SpecModel spec_model_{nullptr};
  std::optional<torch::jit::Module> archive_;
};

/// The spec's module, freshly built (consuming the default generator), holding the safetensors file's weights.
SpecModel load_weights(const json& spec, const std::string& path, const torch::Device& device);

/// Writes `model` as `format` (safetensors only) to `path`.
void save(SpecModel& model, const std::string& format, const std::string& path);

/// The formats `load` reads and `save` writes, in PROTOCOL.md's wire names.
const std::vector<std::string>& load_formats();
const std::vector<std::string>& save_formats();

}  // namespace worker
