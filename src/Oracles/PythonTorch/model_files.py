"""Saves a trained model in each cross-binding format and loads models others saved.

Foreign files are never unpickled: weights come from our own safetensors and TorchSharp-format
readers; TorchScript archives are loaded with torch.jit.load (which runs the archive's code, so only
load archives from trusted producers).
"""
import copy
import inspect
import os

import torch

import model_builder
import safetensors_io
import torchsharp_format

# Counters that only training updates; a file without them still loads for inference.
OPTIONAL_KEYS = ("num_batches_tracked",)


def state_arrays(model):
    """{state-dict key: ndarray} on the CPU, in state-dict order."""
    return {key: value.detach().cpu().contiguous().numpy() for key, value in model.state_dict().items()}


def _cpu_copy(model):
    return copy.deepcopy(model).cpu().eval()


# The formats `save` writes and `load` reads, as hello declares them.
SAVE_FORMATS = ("safetensors", "torchsharp", "torchscript_traced", "torchscript_scripted", "onnx")
LOAD_FORMATS = ("safetensors", "torchsharp", "torchscript_traced", "torchscript_scripted")


def save(model, file_format, path, example):
    """Writes `model` as `file_format` to `path`; `example` is a small input batch for tracing and ONNX."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    if file_format == "safetensors":
        safetensors_io.save(path, state_arrays(model), {"producer": f"pytorch {torch.__version__}"})
    elif file_format == "torchsharp":
        torchsharp_format.save(path, state_arrays(model))
    elif file_format == "torchscript_traced":
        with torch.no_grad():
            torch.jit.save(torch.jit.trace(_cpu_copy(model), example.cpu()), path)
    elif file_format == "torchscript_scripted":
        torch.jit.save(torch.jit.script(_cpu_copy(model)), path)
    elif file_format == "onnx":
        _export_onnx(_cpu_copy(model), example.cpu(), path)
    else:
        raise ValueError(f"the Python worker cannot save format '{file_format}'")


def _export_onnx(model, example, path):
    options = dict(opset_version=13, input_names=["input"], output_names=["logits"],
                   dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    # torch >= 2.9 defaults to the dynamo exporter (needs onnxscript); the TorchScript exporter is what 1.13 has.
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        options["dynamo"] = False
    with torch.no_grad():
        torch.onnx.export(model, example, path, **options)


def load(spec, file_format, path, device):
    """A model ready for inference on `device`, loaded from a file in `file_format`."""
    if file_format in ("torchscript_traced", "torchscript_scripted"):
        archive = torch.jit.load(path, map_location=device).eval()
        # An archive is code: one whose weights are not the named model's (another network) is refused, not run as it.
        _checked_state(spec, model_builder.build(spec), state_arrays(archive), path)
        return archive
    if file_format == "safetensors":
        arrays = safetensors_io.load(path)
    elif file_format == "torchsharp":
        arrays = torchsharp_format.load(path)
    else:
        raise ValueError(f"the Python worker cannot load format '{file_format}'")
    model = model_builder.build(spec)
    model.load_state_dict(_checked_state(spec, model, arrays, path), strict=False)
    return model.to(device).eval()


def _checked_state(spec, model, arrays, path):
    """Strict loading as TorchSharp does it: same names, dtypes and shapes (training counters optional)."""
    expected = model.state_dict()
    unexpected = sorted(set(arrays) - set(expected))
    missing = sorted(k for k in set(expected) - set(arrays) if not k.endswith(OPTIONAL_KEYS))
    if unexpected or missing:
        raise ValueError(f"{path}: weights do not match model {spec['name']}: "
                         f"missing {missing or 'none'}, unexpected {unexpected or 'none'}")
    state = {}
    for key, array in arrays.items():
        tensor = torch.from_numpy(array)
        want = expected[key]
        if tensor.dtype != want.dtype or list(tensor.shape) != list(want.shape):
            raise ValueError(f"{path}: '{key}' is {tensor.dtype} {list(tensor.shape)}, "
                             f"the model needs {want.dtype} {list(want.shape)}")
        state[key] = tensor
    return state
