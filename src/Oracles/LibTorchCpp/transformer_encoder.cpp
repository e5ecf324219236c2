#include "transformer_encoder.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include <torch/torch.h>

namespace worker {

namespace nn = torch::nn;
using harness_random::HarnessDropout;

SelfAttentionImpl::SelfAttentionImpl(int64_t d_model, int64_t heads, double dropout, int64_t site) : heads_(heads), head_(d_model / heads) {
  if (d_model % heads != 0) throw std::invalid_argument("d_model " + std::to_string(d_model) + " is not divisible by " + std::to_string(heads) + " heads");
  // PyTorch's order: the projections' storage, out_proj (which draws its default initialisation), then xavier and zeros.
  in_proj_weight_ = register_parameter("in_proj_weight", torch::empty({3 * d_model, d_model}));
  in_proj_bias_ = register_parameter("in_proj_bias", torch::empty({3 * d_model}));
  out_proj_ = register_module("out_proj", nn::Linear(d_model, d_model));
  dropout_ = register_module("dropout", HarnessDropout(dropout, site));
  torch::NoGradGuard no_grad;
  nn::init::xavier_uniform_(in_proj_weight_);
  nn::init::constant_(in_proj_bias_, 0.0);
  nn::init::constant_(out_proj_->bias, 0.0);
}

torch::Tensor SelfAttentionImpl::forward(const torch::Tensor& x) {
  auto length = x.size(0), batch = x.size(1), width = x.size(2);
  auto qkv = torch::linear(x, in_proj_weight_, in_proj_bias_).chunk(3, -1);
  auto split_heads = [&](const torch::Tensor& t) { return t.contiguous().view({length, batch * heads_, head_}).transpose(0, 1); };
  auto q = split_heads(qkv[0]), k = split_heads(qkv[1]), v = split_heads(qkv[2]);
  auto weights = dropout_->forward(torch::softmax(torch::bmm(q / std::sqrt(static_cast<double>(head_)), k.transpose(1, 2)), -1));
  auto attended = torch::bmm(weights, v).transpose(0, 1).contiguous().view({length * batch, width});
  return out_proj_->forward(attended).view({length, batch, width});
}

EncoderLayerImpl::EncoderLayerImpl(int64_t d_model, int64_t heads, int64_t feed_forward, double dropout, int64_t first_site) {
  // Registered in Python's order, so that initialisation and the state dict follow it.
  self_attn_ = register_module("self_attn", SelfAttention(d_model, heads, dropout, first_site));
  linear1_ = register_module("linear1", nn::Linear(d_model, feed_forward));
  dropout_ = register_module("dropout", HarnessDropout(dropout, first_site + 2));
  linear2_ = register_module("linear2", nn::Linear(feed_forward, d_model));
  norm1_ = register_module("norm1", nn::LayerNorm(nn::LayerNormOptions({d_model})));
  norm2_ = register_module("norm2", nn::LayerNorm(nn::LayerNormOptions({d_model})));
  dropout1_ = register_module("dropout1", HarnessDropout(dropout, first_site + 1));
  dropout2_ = register_module("dropout2", HarnessDropout(dropout, first_site + 3));
}

torch::Tensor EncoderLayerImpl::forward(const torch::Tensor& input) {
  auto x = norm1_->forward(input + dropout1_->forward(self_attn_->forward(input)));
  return norm2_->forward(x + dropout2_->forward(linear2_->forward(dropout_->forward(torch::relu(linear1_->forward(x))))));
}

PositionalTransformerEncoderImpl::PositionalTransformerEncoderImpl(int64_t d_model, int64_t heads, int64_t feed_forward, int64_t layers,
                                                                   int64_t max_length, double dropout, int64_t first_site) {
  positions_ = register_parameter("positions", torch::randn({max_length, d_model}) * 0.02);
  layers_ = register_module("layers", nn::ModuleList());
  for (int64_t i = 0; i < layers; ++i) layers_->push_back(EncoderLayer(d_model, heads, feed_forward, dropout, first_site + i * EncoderLayerSites));
}

torch::Tensor PositionalTransformerEncoderImpl::forward(const torch::Tensor& input) {
  auto x = (input + positions_.slice(0, 0, input.size(1))).transpose(0, 1);
  for (const auto& layer : *layers_) x = layer->as<EncoderLayerImpl>()->forward(x);
  return x.mean(0);
}

}  // namespace worker
