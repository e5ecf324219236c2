#include "model_builder.h"

#include <set>
#include <stdexcept>

#include <torch/torch.h>

#include "harness_random.h"
#include "spec_args.h"
#include "transformer_encoder.h"

namespace worker {
namespace {

namespace nn = torch::nn;

/// How many harness draws (dropout sites) one spec layer makes per training forward pass.
int64_t draw_sites(const json& layer, const std::string& kind) {
  if (kind == "dropout") return 1;
  if (kind == "transformer_encoder") return int_arg(layer, "layers") * EncoderLayerSites;
  return 0;
}

void append_state(const std::string& prefix, const nn::Module& module, NamedTensors& state) {
  for (const auto& p : module.named_parameters(false)) state.emplace_back(prefix + p.key(), p.value());
  for (const auto& b : module.named_buffers(false)) state.emplace_back(prefix + b.key(), b.value());
  for (const auto& child : module.named_children()) append_state(prefix + child.key() + ".", *child.value(), state);
}

}  // namespace

const std::vector<std::string>& layer_kinds() {
  static const std::vector<std::string> kinds = {"conv2d", "max_pool2d", "avg_pool2d", "relu", "tanh", "flatten", "linear", "dropout",
                                                 "batch_norm2d", "batch_norm1d", "embedding", "lstm", "gru", "transformer_encoder"};
  return kinds;
}

SpecModelImpl::SpecModelImpl(const json& spec) {
  std::set<std::string> names;
  int64_t site = 0;  // the harness draws of each layer are sites site, site + 1, … (Python's model_builder numbers them alike)
  for (const auto& layer : field(spec, "layers", "model spec")) {
    auto kind = field(layer, "kind", "layer").get<std::string>();
    auto name = field(layer, "name", "layer").get<std::string>();
    if (!names.insert(name).second) throw std::invalid_argument("model " + spec.value("name", std::string("?")) + " names two layers '" + name + "'");
    std::function<torch::Tensor(const torch::Tensor&)> forward;
    if (kind == "conv2d") {
      auto conv = register_module(name, nn::Conv2d(nn::Conv2dOptions(int_arg(layer, "in_channels"), int_arg(layer, "out_channels"), int_arg(layer, "kernel_size"))
                                                       .padding(int_arg(layer, "padding"))));
      forward = [conv](const torch::Tensor& x) { return conv->forward(x); };
    } else if (kind == "max_pool2d") {
      auto pool = register_module(name, nn::MaxPool2d(nn::MaxPool2dOptions(int_arg(layer, "kernel_size"))));
      forward = [pool](const torch::Tensor& x) { return pool->forward(x); };
    } else if (kind == "avg_pool2d") {
      auto pool = register_module(name, nn::AvgPool2d(nn::AvgPool2dOptions(int_arg(layer, "kernel_size"))));
      forward = [pool](const torch::Tensor& x) { return pool->forward(x); };
    } else if (kind == "relu") {
      auto relu = register_module(name, nn::ReLU());
      forward = [relu](const torch::Tensor& x) { return relu->forward(x); };
    } else if (kind == "tanh") {
      auto tanh = register_module(name, nn::Tanh());
      forward = [tanh](const torch::Tensor& x) { return tanh->forward(x); };
    } else if (kind == "flatten") {
      auto flatten = register_module(name, nn::Flatten());
      forward = [flatten](const torch::Tensor& x) { return flatten->forward(x); };
    } else if (kind == "linear") {
      auto linear = register_module(name, nn::Linear(int_arg(layer, "in_features"), int_arg(layer, "out_features")));
      forward = [linear](const torch::Tensor& x) { return linear->forward(x); };
    } else if (kind == "dropout") {
      auto dropout = register_module(name, harness_random::HarnessDropout(real_arg(layer, "p"), site));
      forward = [dropout](const torch::Tensor& x) { return dropout->forward(x); };
    } else if (kind == "batch_norm2d") {
      auto norm = register_module(name, nn::BatchNorm2d(int_arg(layer, "num_features")));
      forward = [norm](const torch::Tensor& x) { return norm->forward(x); };
    } else if (kind == "batch_norm1d") {
      auto norm = register_module(name, nn::BatchNorm1d(int_arg(layer, "num_features")));
      forward = [norm](const torch::Tensor& x) { return norm->forward(x); };
    } else if (kind == "embedding") {
      auto embedding = register_module(name, nn::Embedding(int_arg(layer, "num_embeddings"), int_arg(layer, "embedding_dim")));
      forward = [embedding](const torch::Tensor& x) { return embedding->forward(x); };
    } else if (kind == "lstm") {
      // Python keeps the last time step in a module of its own (`{name}_last_step`); it has no state.
      auto lstm = register_module(name, nn::LSTM(nn::LSTMOptions(int_arg(layer, "input_size"), int_arg(layer, "hidden_size")).batch_first(true)));
      forward = [lstm](const torch::Tensor& x) { return std::get<0>(lstm->forward(x)).select(1, -1); };
    } else if (kind == "gru") {
      auto gru = register_module(name, nn::GRU(nn::GRUOptions(int_arg(layer, "input_size"), int_arg(layer, "hidden_size")).batch_first(true)));
      forward = [gru](const torch::Tensor& x) { return std::get<0>(gru->forward(x)).select(1, -1); };
    } else if (kind == "transformer_encoder") {
      auto encoder = register_module(name, PositionalTransformerEncoder(int_arg(layer, "d_model"), int_arg(layer, "heads"), int_arg(layer, "feed_forward"),
                                                                        int_arg(layer, "layers"), int_arg(layer, "max_length"), real_arg(layer, "dropout"), site));
      forward = [encoder](const torch::Tensor& x) { return encoder->forward(x); };
    } else {
      throw std::invalid_argument("layer '" + name + "' has kind '" + kind + "', which the libtorch-cpp worker does not implement");
    }
    layers_.push_back({name, std::move(forward)});
    site += draw_sites(layer, kind);
  }
}

torch::Tensor SpecModelImpl::forward(torch::Tensor x) {
  for (const auto& layer : layers_) x = layer.forward(x);
  return x;
}

NamedTensors SpecModelImpl::forward_layers(torch::Tensor x) {
  NamedTensors outputs;
  for (const auto& layer : layers_) {
    x = layer.forward(x);
    outputs.emplace_back(layer.name, x);
  }
  return outputs;
}

NamedTensors SpecModelImpl::state() {
  NamedTensors state;
  append_state("", *this, state);
  return state;
}

}  // namespace worker
