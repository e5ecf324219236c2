"""Builds a torch.nn.Module from the neutral ModelSpec JSON (layer kinds: src/Oracles/Models/LayerKind.cs).

Each layer is registered under its spec name, so state-dict keys are `{layer}.{parameter}` exactly as in
TorchSharp. Recurrent layers are followed by a parameterless module that keeps the last time step; the
model stays an nn.Sequential so that torch.jit.trace, torch.jit.script and torch.onnx.export all work.
Every dropout draws its mask from the harness (harness_random.py): sites are numbered in forward order, one per
dropout layer and four per encoder layer (docs/harness-randomness.md).
"""
import math
from collections import OrderedDict
from typing import Tuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from harness_random import HarnessDropout

# Draws of one encoder layer, in forward order: attention weights, attention output, feed-forward hidden, feed-forward output.
ENCODER_LAYER_SITES = 4


class LstmLastStep(nn.Module):
    """Keeps the last time step of a batch-first LSTM's output sequence."""

    def forward(self, output: Tuple[Tensor, Tuple[Tensor, Tensor]]) -> Tensor:
        return output[0][:, -1]


class GruLastStep(nn.Module):
    """Keeps the last time step of a batch-first GRU's output sequence."""

    def forward(self, output: Tuple[Tensor, Tensor]) -> Tensor:
        return output[0][:, -1]


class SelfAttention(nn.Module):
    """nn.MultiheadAttention's self-attention (packed input projection, no mask) written out, with the same parameters,
    names and initialisation, so that the dropout of its attention weights draws from the harness."""

    def __init__(self, d_model: int, heads: int, dropout: float, site: int):
        super().__init__()
        if d_model % heads != 0:
            raise ValueError(f"d_model {d_model} is not divisible by {heads} heads")
        self.heads = heads
        self.head = d_model // heads
        self.in_proj_weight = nn.Parameter(torch.empty(3 * d_model, d_model))
        self.in_proj_bias = nn.Parameter(torch.empty(3 * d_model))
        self.out_proj = nn.Linear(d_model, d_model)
        self.dropout = HarnessDropout(dropout, site)
        nn.init.xavier_uniform_(self.in_proj_weight)
        nn.init.constant_(self.in_proj_bias, 0.0)
        nn.init.constant_(self.out_proj.bias, 0.0)

    def forward(self, x: Tensor) -> Tensor:
        length, batch, width, head = x.shape[0], x.shape[1], x.shape[2], self.head
        q, k, v = F.linear(x, self.in_proj_weight, self.in_proj_bias).chunk(3, dim=-1)
        q = q.contiguous().view(length, batch * self.heads, head).transpose(0, 1)
        k = k.contiguous().view(length, batch * self.heads, head).transpose(0, 1)
        v = v.contiguous().view(length, batch * self.heads, head).transpose(0, 1)
        weights = self.dropout(torch.softmax(torch.bmm(q / math.sqrt(head), k.transpose(1, 2)), dim=-1))
        attended = torch.bmm(weights, v).transpose(0, 1).contiguous().view(length * batch, width)
        return self.out_proj(attended).view(length, batch, width)


class EncoderLayer(nn.Module):
    """nn.TransformerEncoderLayer (post-norm, ReLU, sequence-first) written out with its submodules' names and
    initialisation order, so that its four dropouts draw from the harness; state dicts are unchanged."""

    def __init__(self, d_model: int, heads: int, feed_forward: int, dropout: float, first_site: int):
        super().__init__()
        self.self_attn = SelfAttention(d_model, heads, dropout, first_site)
        self.linear1 = nn.Linear(d_model, feed_forward)
        self.dropout = HarnessDropout(dropout, first_site + 2)
        self.linear2 = nn.Linear(feed_forward, d_model)
        self.norm1 = nn.LayerNorm(d_model)
        self.norm2 = nn.LayerNorm(d_model)
        self.dropout1 = HarnessDropout(dropout, first_site + 1)
        self.dropout2 = HarnessDropout(dropout, first_site + 3)

    def forward(self, x: Tensor) -> Tensor:
        x = self.norm1(x + self.dropout1(self.self_attn(x)))
        return self.norm2(x + self.dropout2(self.linear2(self.dropout(F.relu(self.linear1(x))))))


class PositionalTransformerEncoder(nn.Module):
    """Learned positions, post-norm encoder layers (sequence-first), mean over time; names as in TorchSharp."""

    def __init__(self, d_model: int, heads: int, feed_forward: int, layers: int, max_length: int, dropout: float,
                 first_site: int):
        super().__init__()
        self.positions = nn.Parameter(torch.randn(max_length, d_model) * 0.02)
        self.layers = nn.ModuleList(
            [EncoderLayer(d_model, heads, feed_forward, dropout, first_site + i * ENCODER_LAYER_SITES) for i in range(layers)])

    def forward(self, x: Tensor) -> Tensor:
        x = (x + self.positions[: x.shape[1]]).transpose(0, 1)
        for layer in self.layers:
            x = layer(x)
        return x.mean(0)


def _int(layer, key):
    args = layer.get("args") or {}
    if key not in args:
        raise ValueError(f"layer '{layer['name']}' ({layer['kind']}) has no argument '{key}'")
    value = args[key]
    if value != int(value):
        raise ValueError(f"layer '{layer['name']}' argument '{key}' = {value} is not an integer")
    return int(value)


def _real(layer, key):
    args = layer.get("args") or {}
    if key not in args:
        raise ValueError(f"layer '{layer['name']}' ({layer['kind']}) has no argument '{key}'")
    return float(args[key])


def last_step_name(name):
    """The module that keeps a recurrent layer's last time step: the end of spec layer `name`."""
    return f"{name}_last_step"


def module_names(layer):
    """Names of the modules `build` registers for one spec layer, in order (the last one ends the layer)."""
    return [layer["name"]] + ([last_step_name(layer["name"])] if layer["kind"] in ("lstm", "gru") else [])


# The layer kinds `_modules` builds, as hello declares them.
SUPPORTED_KINDS = ("conv2d", "max_pool2d", "avg_pool2d", "relu", "tanh", "flatten", "linear", "dropout", "batch_norm2d",
                   "batch_norm1d", "embedding", "lstm", "gru", "transformer_encoder")


def draw_sites(layer):
    """How many harness draws (dropout sites) one spec layer makes per training forward pass."""
    if layer["kind"] == "dropout":
        return 1
    if layer["kind"] == "transformer_encoder":
        return _int(layer, "layers") * ENCODER_LAYER_SITES
    return 0


def _modules(layer, first_site):
    """(name, module) pairs for one spec layer: the layer itself, plus a last-step selector for RNNs; its harness draws
    are sites first_site, first_site + 1, …"""
    kind, name = layer["kind"], layer["name"]
    if kind == "conv2d":
        return [(name, nn.Conv2d(_int(layer, "in_channels"), _int(layer, "out_channels"), _int(layer, "kernel_size"),
                                 padding=_int(layer, "padding")))]
    if kind == "max_pool2d":
        return [(name, nn.MaxPool2d(_int(layer, "kernel_size")))]
    if kind == "avg_pool2d":
        return [(name, nn.AvgPool2d(_int(layer, "kernel_size")))]
    if kind == "relu":
        return [(name, nn.ReLU())]
    if kind == "tanh":
        return [(name, nn.Tanh())]
    if kind == "flatten":
        return [(name, nn.Flatten())]
    if kind == "linear":
        return [(name, nn.Linear(_int(layer, "in_features"), _int(layer, "out_features")))]
    if kind == "dropout":
        return [(name, HarnessDropout(_real(layer, "p"), first_site))]
    if kind == "batch_norm2d":
        return [(name, nn.BatchNorm2d(_int(layer, "num_features")))]
    if kind == "batch_norm1d":
        return [(name, nn.BatchNorm1d(_int(layer, "num_features")))]
    if kind == "embedding":
        return [(name, nn.Embedding(_int(layer, "num_embeddings"), _int(layer, "embedding_dim")))]
    if kind == "lstm":
        return [(name, nn.LSTM(_int(layer, "input_size"), _int(layer, "hidden_size"), batch_first=True)),
                (last_step_name(name), LstmLastStep())]
    if kind == "gru":
        return [(name, nn.GRU(_int(layer, "input_size"), _int(layer, "hidden_size"), batch_first=True)),
                (last_step_name(name), GruLastStep())]
    if kind == "transformer_encoder":
        return [(name, PositionalTransformerEncoder(
            _int(layer, "d_model"), _int(layer, "heads"), _int(layer, "feed_forward"), _int(layer, "layers"),
            _int(layer, "max_length"), _real(layer, "dropout"), first_site))]
    raise ValueError(f"layer '{name}' has kind '{kind}', which the Python worker does not implement")


def build(spec):
    """The model of a ModelSpec dict, with freshly initialised parameters (seed torch first)."""
    modules = OrderedDict()
    site = 0
    for layer in spec["layers"]:
        for name, module in _modules(layer, site):
            if name in modules:
                raise ValueError(f"model {spec['name']} names two layers '{name}'")
            modules[name] = module
        site += draw_sites(layer)
    return nn.Sequential(modules)
