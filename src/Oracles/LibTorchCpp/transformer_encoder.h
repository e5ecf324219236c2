// The spec's transformer_encoder: learned positions, post-norm encoder layers (sequence-first), mean over time, as
// Python's model_builder.py writes it out. The C++ frontend's TransformerEncoderLayer draws its dropout masks from
// libtorch's generator, so the layer is written out here with its four dropout sites drawing from the harness
// (docs/harness-randomness.md), its submodules under PyTorch's names and initialised in PyTorch's order: a seed gives
// Python's initial weights and every saved file still loads.
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include "harness_random.h"

namespace worker {

/// Draws of one encoder layer, in forward order: attention weights, attention output, feed-forward hidden, feed-forward output.
constexpr int64_t EncoderLayerSites = 4;

/// nn.MultiheadAttention's self-attention (packed input projection, no mask) written out, with its parameters' names and
/// initialisation, so that the dropout of its attention weights (site `site`) draws from the harness.
class SelfAttentionImpl : public torch::nn::Module {
 public:
  SelfAttentionImpl(int64_t d_model, int64_t heads, double dropout, int64_t site);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  int64_t heads_, head_;
  torch::Tensor in_proj_weight_, in_proj_bias_;
  torch::nn::Linear out_proj_{nullptr};
  harness_random::HarnessDropout dropout_{nullptr};
};
TORCH_MODULE(SelfAttention);

/// nn.TransformerEncoderLayer (post-norm, ReLU, sequence-first) written out; its draws are sites first_site .. first_site + 3.
class EncoderLayerImpl : public torch::nn::Module {
 public:
  EncoderLayerImpl(int64_t d_model, int64_t heads, int64_t feed_forward, double dropout, int64_t first_site);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  SelfAttention self_attn_{nullptr};
  torch::nn::Linear linear1_{nullptr}, linear2_{nullptr};
  torch::nn::LayerNorm norm1_{nullptr}, norm2_{nullptr};
  harness_random::HarnessDropout dropout_{nullptr}, dropout1_{nullptr}, dropout2_{nullptr};
};
TORCH_MODULE(EncoderLayer);

/// Learned positions, `layers` encoder layers, mean over time; its draws are sites first_site .. first_site + 4 × layers - 1.
class PositionalTransformerEncoderImpl : public torch::nn::Module {
 public:
  PositionalTransformerEncoderImpl(int64_t d_model, int64_t heads, int64_t feed_forward, int64_t layers, int64_t max_length, double dropout,
                                   int64_t first_site);
  torch::Tensor forward(const torch::Tensor& input);

 private:
  torch::Tensor positions_;
  torch::nn::ModuleList layers_{nullptr};
};
TORCH_MODULE(PositionalTransformerEncoder);

}  // namespace worker
