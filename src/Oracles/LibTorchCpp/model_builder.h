// Builds a torch::nn module from the neutral ModelSpec JSON with the C++ frontend's own modules, so that the
// binding under test is the C++ frontend (its initialisation, its forward functions, its optimizers).
//
// Each layer is registered under its spec name, so state-dict keys are `{layer}.{parameter}` exactly as in
// Python's model_builder.py. Modules are constructed in spec order after the caller seeds the generator:
// the C++ frontend initialises each module in its constructor with the same calls as Python (kaiming-uniform
// weights and fan-in-bounded biases for conv and linear, uniform(±1/√hidden) for recurrent weights, normal
// embeddings), so a seed gives Python's initial weights. Every dropout draws its mask from the harness
// (harness_random.h): sites are numbered in forward order, one per dropout layer and four per encoder layer.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/nn/module.h>

namespace worker {

using json = nlohmann::ordered_json;
using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

/// The layer kinds this builder implements (src/Oracles/Models/LayerKind.cs names).
const std::vector<std::string>& layer_kinds();

class SpecModelImpl : public torch::nn::Module {
 public:
  /// The model of a ModelSpec, freshly initialised from the default generator (seed it first).
  explicit SpecModelImpl(const json& spec);

  torch::Tensor forward(torch::Tensor x);

  /// Every spec layer's output, in order: the input of each is the output of the previous one.
  NamedTensors forward_layers(torch::Tensor x);

  /// Parameters and buffers in Python's state-dict order (each module's own, then its children's).
  NamedTensors state();

 private:
  struct Layer {
    std::string name;
    std::function<torch::Tensor(const torch::Tensor&)> forward;
  };
  std::vector<Layer> layers_;
};

TORCH_MODULE(SpecModel);

}  // namespace worker
