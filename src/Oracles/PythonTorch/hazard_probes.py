"""The hazard probes of src/Oracles/Hybridization/HazardProbes.cs as nn.Modules, and the `probe` op that runs one
probe in one execution mode (eager, traced, scripted) of PyTorch.

Each module is written so that torch.jit.script accepts it: a hazard that scripting removes shows as agreement
with eager, one that it cannot compile as execution-mode incompatibility.
"""
import os
import time
import warnings

import numpy as np
import torch
from torch import Tensor, nn

import model_builder
import model_files
import safetensors_io


class TensorBranch(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        if bool(x.sum() > 0):
            return x * 2
        return x - 1


class DataLoop(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        n = int(x[0, 0])
        for _ in range(n):
            x = x * 0.5 + 1
        return x


class BakedBatch(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        b = int(x.shape[0])
        return x.reshape(b, -1).mean(1)


class SideEffectCounter(nn.Module):
    def __init__(self):
        super().__init__()
        self.calls = 0

    def forward(self, x: Tensor) -> Tensor:
        self.calls += 1
        return x + 1


class TrainEvalBatchNorm(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = nn.BatchNorm1d(8)
        self.reset_statistics()

    def reset_statistics(self):
        with torch.no_grad():
            self.norm.running_mean.fill_(0.5)
            self.norm.running_var.fill_(2.0)

    def forward(self, x: Tensor) -> Tensor:
        return self.norm(x)


class CapturedScalar(nn.Module):
    def __init__(self):
        super().__init__()
        self.scale = 2.0

    def forward(self, x: Tensor) -> Tensor:
        return x * self.scale


class InPlaceInput(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        x.add_(1)
        return x * 2


class VariableLengthRnn(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        h = torch.zeros_like(x[:, 0])
        for t in range(x.shape[1]):
            h = torch.tanh(0.5 * x[:, t] + 0.9 * h)
        return h


HAZARDS = {
    "tensor-branch": TensorBranch, "data-loop": DataLoop, "baked-batch": BakedBatch,
    "side-effect-counter": SideEffectCounter, "train-eval-batch-norm": TrainEvalBatchNorm,
    "captured-scalar": CapturedScalar, "in-place-input": InPlaceInput, "variable-length-rnn": VariableLengthRnn,
}
MODES = ("eager", "traced", "scripted")


def _one_line(error):
    return " ".join(str(error).split()) or type(error).__name__


def _atomic(path, write):
    """Writes through `write(temporary path)` and renames, so a reader never sees half a file."""
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        write(temporary)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def _control(name, spec, artifacts):
    """The control's model on the initial weights of `{name}.safetensors`, written from seed 0 when absent."""
    path = os.path.join(artifacts, f"{name}.safetensors")
    if not os.path.exists(path):
        torch.manual_seed(0)
        fresh = model_builder.build(spec)
        _atomic(path, lambda p: safetensors_io.save(p, model_files.state_arrays(fresh), {"producer": f"pytorch {torch.__version__}"}))
    return model_files.load(spec, "safetensors", path, torch.device("cpu"))


def _build(name, control, artifacts):
    if control is not None:
        if control.get("name") != name:
            raise ValueError(f"control probe '{name}' came with the spec of model '{control.get('name')}'")
        return _control(name, control, artifacts)
    if name not in HAZARDS:
        raise ValueError(f"unknown hazard probe '{name}' (known: {', '.join(HAZARDS)})")
    return HAZARDS[name]()


def _capture(name, module, mode, example, artifacts, diagnostics):
    """The module the cases run: eager itself, or its trace (its ONNX export written beside it) or script."""
    if mode == "eager":
        return module
    # A capture of an earlier run must not stand in for one that fails now.
    for stale in ((f"{name}.traced.pt", f"{name}.onnx") if mode == "traced" else (f"{name}.scripted.pt",)):
        if os.path.exists(os.path.join(artifacts, stale)):
            os.remove(os.path.join(artifacts, stale))
    if mode == "traced":
        if name == "train-eval-batch-norm":
            module.train()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            # A clone: tracing runs forward, and in-place-input would update the capture example itself.
            graph = torch.jit.trace(module, example.clone(), check_trace=False)
        diagnostics.extend(f"{w.category.__name__}: {_one_line(w.message)}" for w in caught)
        if name == "train-eval-batch-norm":
            module.reset_statistics()  # tracing ran forward in training mode; the cases expect the specified statistics
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                _atomic(os.path.join(artifacts, f"{name}.onnx"), lambda p: model_files._export_onnx(module, example.clone(), p))
        except Exception as e:  # noqa: BLE001 - an ONNX export failure is ONNX Runtime's incompatibility, not the trace's
            diagnostics.append(f"no ONNX export: {_one_line(e)}")
        return graph
    return torch.jit.script(module)


def _after_capture(name, module):
    """What HazardProbes.cs says changes between capture and the cases."""
    if name == "train-eval-batch-norm":
        module.eval()
    elif name == "captured-scalar":
        module.scale = 3.0


def _input(array, device):
    tensor = torch.from_numpy(array.copy()).to(device)
    return tensor.long() if array.dtype.kind in "iu" else tensor.float()


def run(args, tensors, synchronize, make_optimizer, device):
    """The `probe` op: (result, result tensors); see PROTOCOL.md."""
    missing = [key for key in ("probe", "mode", "artifacts") if not isinstance(args.get(key), str)]
    if missing:
        raise ValueError(f"probe request lacks the string argument(s) {', '.join(missing)}")
    name, mode, artifacts, passes = args["probe"], args["mode"], args["artifacts"], args.get("passes", 10)
    training_passes = args.get("training_passes", 0)
    if mode not in MODES:
        raise ValueError(f"the Python worker has no execution mode '{mode}' (known: {', '.join(MODES)})")
    if passes < 0 or training_passes < 0:
        raise ValueError(f"passes must not be negative, got {passes} and {training_passes} training passes")
    if not tensors:
        raise ValueError(f"probe '{name}' came with no cases")
    os.makedirs(artifacts, exist_ok=True)
    cases = list(tensors.items())
    module = _build(name, args.get("control"), artifacts).eval()
    diagnostics = []
    try:
        graph = _capture(name, module, mode, _input(cases[0][1], "cpu"), artifacts, diagnostics)
    except Exception as e:  # noqa: BLE001 - a mode that cannot capture the probe is a finding
        return {"incompatible": _one_line(e), "diagnostics": diagnostics, "side_effects": None, "pass_seconds": []}, []
    _after_capture(name, graph)
    if graph is not module:
        _after_capture(name, module)
        # Saved as the cases run it (evaluation mode, scale 3), so a binding that loads the archive runs the same.
        _atomic(os.path.join(artifacts, f"{name}.{mode}.pt"), lambda p: torch.jit.save(graph, p))
    graph = graph.to(device)

    counter = graph if mode == "scripted" else module
    calls_before = getattr(counter, "calls", 0)
    outputs, changed = [], 0
    with torch.no_grad():
        for case, array in cases:
            inputs = _input(array, device)
            try:
                outputs.append((case, graph(inputs).float().cpu().numpy()))
            except Exception as e:  # noqa: BLE001 - a case the capture cannot run is a finding
                diagnostics.append(f"case {case}: {_one_line(e)}")
            if inputs.dtype == torch.float32 and not np.array_equal(inputs.cpu().numpy(), array):
                changed += 1
        side_effects = (getattr(counter, "calls", 0) - calls_before if name == "side-effect-counter"
                        else changed if name == "in-place-input" else None)
        pass_seconds = _timed(graph, cases[0][1], passes, synchronize, device)
    result = {"incompatible": None, "diagnostics": diagnostics, "side_effects": side_effects, "pass_seconds": pass_seconds}
    if training_passes > 0:
        result.update(_trained(graph, args.get("control"), cases[0][1], training_passes, synchronize, make_optimizer, device))
    return result, outputs


def _trained(graph, spec, array, passes, synchronize, make_optimizer, device):
    """Seconds and loss of each of `passes` SGD steps on the first case after one warm-up step: forward, cross-entropy
    against the labels i mod classes, backward, a step of the spec's optimizer. A trace and a script train like the
    module: their parameters get gradients."""
    if spec is None:
        return {"untrainable": "a hazard probe has no parameters or labels; training is timed on the controls",
                "training_pass_seconds": [], "training_losses": []}
    inputs = _input(array, device)
    labels = torch.arange(inputs.shape[0], device=device) % spec["classes"]
    graph.train()
    optimizer = make_optimizer(spec["optimizer"], graph.parameters())
    seconds, losses = [], []
    try:
        for step in range(passes + 1):
            synchronize(device)
            started = time.perf_counter()
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(graph(inputs), labels)
            loss.backward()
            optimizer.step()
            synchronize(device)
            if step > 0:
                seconds.append(time.perf_counter() - started)
                losses.append(loss.item())
    except Exception as e:  # noqa: BLE001 - a mode whose module cannot be trained is a finding of the time cell
        return {"untrainable": f"a training step failed: {_one_line(e)}", "training_pass_seconds": [], "training_losses": []}
    return {"untrainable": None, "training_pass_seconds": seconds, "training_losses": losses}


def _timed(graph, array, passes, synchronize, device):
    """Seconds of each of `passes` runs of the first case after one warm-up; a fresh input each run (in-place probes)."""
    if passes == 0:
        return []
    try:
        graph(_input(array, device))
    except Exception:  # noqa: BLE001 - the case's error is already a diagnostic
        return []
    seconds = []
    for _ in range(passes):
        inputs = _input(array, device)
        synchronize(device)
        started = time.perf_counter()
        graph(inputs)
        synchronize(device)
        seconds.append(time.perf_counter() - started)
    return seconds
