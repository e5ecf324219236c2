"""Builds a torch.nn.Module from the neutral ModelSpec JSON (layer kinds: src/Oracles/Models/LayerKind.cs).

Each layer is registered under its spec name, so state-dict keys are `{layer}.{parameter}` exactly as in
TorchSharp. Recurrent layers are followed by a parameterless module that keeps the last time step; the
model stays an nn.Sequential so that torch.jit.trace, torch.jit.script and torch.onnx.export all work.
"""
from collections import OrderedDict
from typing import Tuple

import torch
from torch import Tensor, nn


class LstmLastStep(nn.Module):
    """Keeps the last time step of a batch-first LSTM's output sequence."""

    def forward(self, output: Tuple[Tensor, Tuple[Tensor, Tensor]]) -> Tensor:
        return output[0][:, -1]


class GruLastStep(nn.Module):
    """Keeps the last time step of a batch-first GRU's output sequence."""

    def forward(self, output: Tuple[Tensor, Tensor]) -> Tensor:
        return output[0][:, -1]


class PositionalTransformerEncoder(nn.Module):
    """Learned positions, post-norm encoder layers (sequence-first), mean over time; names as in TorchSharp."""

    def __init__(self, d_model: int, heads: int, feed_forward: int, layers: int, max_length: int, dropout: float):
        super().__init__()
        self.positions = nn.Parameter(torch.randn(max_length, d_model) * 0.02)
        self.layers = nn.ModuleList(
            [nn.TransformerEncoderLayer(d_model, heads, feed_forward, dropout) for _ in range(layers)])

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


def _modules(layer):
    """(name, module) pairs for one spec layer: the layer itself, plus a last-step selector for RNNs."""
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
        return [(name, nn.Dropout(_real(layer, "p")))]
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
            _int(layer, "max_length"), _real(layer, "dropout")))]
    raise ValueError(f"layer '{name}' has kind '{kind}', which the Python worker does not implement")


def build(spec):
    """The model of a ModelSpec dict, with freshly initialised parameters (seed torch first)."""
    modules = OrderedDict()
    for layer in spec["layers"]:
        for name, module in _modules(layer):
            if name in modules:
                raise ValueError(f"model {spec['name']} names two layers '{name}'")
            modules[name] = module
    return nn.Sequential(modules)
