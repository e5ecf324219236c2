"""PyTorch oracle worker: speaks the frame protocol of src/Oracles/Workers/PROTOCOL.md on stdin/stdout.

Usage: python3 pytorch_worker.py [--threads N]   (else $BINDING_CONFORMANCE_THREADS, else torch's default)
stdout carries frames only: the real stdout is kept for frames and fd 1 is pointed at stderr, so prints
and warnings from torch (including native code) cannot corrupt the stream.
"""
import argparse
import os
import sys
import time
import traceback

BINDING = "pytorch-python"
PROTOCOL = "1.1"  # the version of PROTOCOL.md this worker speaks
THREADS_VARIABLE = "BINDING_CONFORMANCE_THREADS"  # ThreadSettings.Variable in C#
EVAL_BATCH = 1000


def _claim_stdout():
    frames_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return frames_out


FRAMES_OUT = _claim_stdout()

import numpy as np  # noqa: E402  (imported after stdout is claimed: importing torch may print)
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import dataset  # noqa: E402
import frames  # noqa: E402
import harness_random  # noqa: E402
import hazard_probes  # noqa: E402
import model_builder  # noqa: E402
import model_files  # noqa: E402


def devices():
    return ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


def absent_devices():
    """Why CUDA is missing, in torch's terms: a CPU-only build differs from a CUDA build that finds no GPU."""
    if torch.cuda.is_available():
        return {}
    if torch.version.cuda is None:
        return {"cuda": f"torch {torch.__version__} is a CPU-only build (torch.version.cuda is None)"}
    return {"cuda": f"torch {torch.__version__} is built for CUDA {torch.version.cuda} but finds no CUDA device"}


def torch_device(name):
    if name not in devices():
        raise ValueError(f"device '{name}' is not available to torch {torch.__version__} here (available: {', '.join(devices())})")
    return torch.device(name)


def synchronize(device):
    # CUDA kernels run asynchronously; the clock is only meaningful once they have finished.
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def predict(model, inputs):
    """Logits of `inputs` in evaluation batches, without gradients."""
    with torch.no_grad():
        return torch.cat([model(inputs[i:i + EVAL_BATCH]) for i in range(0, inputs.shape[0], EVAL_BATCH)])


def correct(logits, labels):
    return int((logits.argmax(1) == labels).sum().item())


def accuracy(model, inputs, labels):
    return correct(predict(model, inputs), labels) / max(1, labels.shape[0])


def make_optimizer(spec, parameters):
    kind, rate = spec["kind"], spec["learning_rate"]
    if kind == "sgd":
        return torch.optim.SGD(parameters, lr=rate, momentum=spec.get("momentum", 0.0))
    if kind == "adam":
        return torch.optim.Adam(parameters, lr=rate, betas=(spec["beta1"], spec["beta2"]), eps=spec["eps"])
    raise ValueError(f"unknown optimizer '{kind}' (known: sgd, adam)")


def hello(args, tensors, progress):
    """What this binding is and can do (PROTOCOL.md, "hello"); the host builds its capabilities from it."""
    return {"protocol": PROTOCOL, "binding": BINDING, "version": torch.__version__,
            "framework": "pytorch", "language": "python", "default": True,
            "engine": "libtorch", "engine_version": torch.__version__,
            "devices": devices(), "absent_devices": absent_devices(),
            "can_train": True, "layer_kinds": list(model_builder.SUPPORTED_KINDS),
            "save_formats": list(model_files.SAVE_FORMATS), "load_formats": list(model_files.LOAD_FORMATS),
            # TorchScript archives report every layer when their children are the spec's modules, else their output alone.
            "activation_formats": list(model_files.LOAD_FORMATS),
            "execution_modes": list(hazard_probes.MODES), "training_step": True,
            "python": sys.version.split()[0], "threads": torch.get_num_threads()}, []


def echo(args, tensors, progress):
    """The protocol's own test op (PROTOCOL.md, "echo"): `progress` frames, a `sleep_seconds` pause, a `fail` error,
    else the args and tensors back unchanged."""
    count = int(args.get("progress", 0))
    for i in range(count):
        progress(f"echo {i + 1}/{count}")
    time.sleep(float(args.get("sleep_seconds", 0)))
    if "fail" in args:
        raise ValueError(str(args["fail"]))
    return {"args": args}, list(tensors.items())


def train(args, tensors, progress):
    spec, data, settings = args["model"], args["data"], args["settings"]
    device = torch_device(args["device"])
    epochs, batch_size = settings["epochs"], settings["batch_size"]
    if batch_size <= 0 or epochs <= 0:
        raise ValueError(f"epochs ({epochs}) and batch size ({batch_size}) must be positive")
    order = tensors.get("batch_order")
    if order is None or order.dtype != np.int32 or list(order.shape) != [epochs, data["train_count"]]:
        raise ValueError(f"batch_order must be I32 [{epochs}, {data['train_count']}], got "
                         f"{None if order is None else f'{order.dtype} {list(order.shape)}'}")
    if order.size and (order.min() < 0 or order.max() >= data["train_count"]):
        raise ValueError(f"batch_order holds indices outside [0, {data['train_count']})")
    train_x, train_y = dataset.load_split(data, spec, "train", device)
    test_x, test_y = dataset.load_split(data, spec, "test", device)

    seed = args["seed"]
    torch.manual_seed(seed)
    model = model_builder.build(spec).to(device)
    optimizer = make_optimizer(spec["optimizer"], model.parameters())
    train_accuracy, test_accuracy, training_seconds, step_losses, test_logits = [], [], 0.0, [], None
    for epoch in range(epochs):
        permutation = torch.from_numpy(order[epoch].astype(np.int64)).to(device)
        model.train()
        synchronize(device)
        started = time.perf_counter()
        for start in range(0, permutation.shape[0], batch_size):
            batch = permutation[start:start + batch_size]
            # Dropout masks are the harness's draws of (seed, step), as in every PyTorch-family binding.
            harness_random.draw_from(model, seed, len(step_losses))
            optimizer.zero_grad()
            loss = F.cross_entropy(model(train_x[batch]), train_y[batch])
            loss.backward()
            optimizer.step()
            # Kept on the device: reading it here would synchronise CUDA inside the timed loop.
            step_losses.append(loss.detach())
        synchronize(device)
        training_seconds += time.perf_counter() - started
        model.eval()
        train_accuracy.append(accuracy(model, train_x, train_y))
        test_logits = predict(model, test_x)
        test_accuracy.append(correct(test_logits, test_y) / max(1, test_y.shape[0]))
        last_loss = f"{step_losses[-1].item():.4f}" if step_losses else "none"
        progress(f"epoch {epoch + 1}/{epochs}: last batch loss {last_loss}, train accuracy {train_accuracy[-1]:.4f}, "
                 f"test accuracy {test_accuracy[-1]:.4f}")

    # The last epoch's evaluation is of the trained model, in eval mode, before any export is written.
    for export in args.get("exports", []):
        model_files.save(model, export["format"], export["path"], test_x[:2])
    losses = torch.stack(step_losses).double().cpu().numpy() if step_losses else np.zeros(0, np.float64)
    return {"train_accuracy": train_accuracy, "test_accuracy": test_accuracy,
            "final_test_accuracy": test_accuracy[-1],
            "training_seconds": training_seconds, "version": torch.__version__}, \
        [("step_losses", losses), ("final_test_logits", test_logits.float().cpu().numpy())]


def evaluate(args, tensors, progress):
    spec, data = args["model"], args["data"]
    device = torch_device(args["device"])
    passes = args.get("passes", 5)
    if passes < 1:
        raise ValueError(f"passes must be at least 1, got {passes}")
    test_x, test_y = dataset.load_split(data, spec, "test", device)
    model = model_files.load(spec, args["format"], args["path"], device)
    predict(model, test_x)  # untimed warm-up (allocations, kernel selection, lazy initialisation)
    correct_per_pass, pass_seconds, pass_logits = [], [], []
    for _ in range(passes):
        synchronize(device)
        started = time.perf_counter()
        logits = predict(model, test_x)
        synchronize(device)
        pass_seconds.append(time.perf_counter() - started)
        correct_per_pass.append(correct(logits, test_y))
        pass_logits.append(logits)
    logits = torch.stack(pass_logits).float().cpu().numpy()
    return {"count": int(test_x.shape[0]), "classes": int(logits.shape[2]), "correct_per_pass": correct_per_pass,
            "pass_seconds": pass_seconds}, [("logits", logits)]


def step(args, tensors, progress):
    """The identity probe: from a safetensors file's weights, one training step per batch of x [steps, n, ...], y [steps, n]
    (PROTOCOL.md, op `step`): each step's loss, the first step's logits and gradients, the state dict after the last."""
    spec = args["model"]
    device = torch_device(args["device"])
    x, y = tensors.get("x"), tensors.get("y")
    if x is None or y is None:
        raise ValueError(f"step needs tensors x and y, got {', '.join(tensors) or 'none'}")
    if (x.ndim < 2 or x.shape[0] < 1 or x.shape[1] < 1 or list(x.shape[2:]) != list(spec["input_shape"])
            or list(y.shape) != list(x.shape[:2]) or y.dtype != np.int64):
        raise ValueError(f"step batches are x {list(x.shape)}, y {y.dtype} {list(y.shape)}; model {spec['name']} needs "
                         f"x [steps, n, {', '.join(map(str, spec['input_shape']))}] and y I64 [steps, n]")
    inputs = torch.from_numpy(x.copy()).to(device)
    inputs = inputs.long() if x.dtype.kind in "iu" else inputs.float()
    labels = torch.from_numpy(y.copy()).to(device)
    model = model_files.load(spec, "safetensors", args["path"], device).train()
    optimizer = make_optimizer(spec["optimizer"], model.parameters())
    seed = args.get("seed", 0)
    losses, logits, gradients = [], None, []
    for k in range(inputs.shape[0]):
        harness_random.draw_from(model, seed, k)
        optimizer.zero_grad()
        output = model(inputs[k])
        loss = F.cross_entropy(output, labels[k])
        loss.backward()
        if k == 0:
            logits = output.detach().float().cpu().numpy()
            # Copies: zero_grad() of the next step zeroes .grad in place, and numpy() shares its memory.
            gradients = [(f"grad:{name}", (p.grad if p.grad is not None else torch.zeros_like(p)).detach().float().cpu().numpy().copy())
                         for name, p in model.named_parameters()]
        optimizer.step()
        losses.append(loss.item())
    return {}, [("losses", np.array(losses, dtype=np.float64)), ("logits", logits)] \
        + list(model_files.state_arrays(model).items()) + gradients


def probe(args, tensors, progress):
    """One hazard probe in one execution mode (hazard_probes.py); the cases are the request tensors, in order."""
    return hazard_probes.run(args, tensors, synchronize, make_optimizer, torch_device(args["device"]))


def activations(args, tensors, progress):
    """Every spec layer's output on the batch x, in evaluation mode (PROTOCOL.md, op `activations`)."""
    spec = args["model"]
    device = torch_device(args["device"])
    x = tensors.get("x")
    wanted = np.int64 if spec["layers"] and spec["layers"][0]["kind"] == "embedding" else np.float32
    if x is None or x.dtype != wanted or x.ndim < 1 or x.shape[0] < 1 or list(x.shape[1:]) != list(spec["input_shape"]):
        got = "none" if x is None else f"{frames.WIRE_NAMES.get(x.dtype, x.dtype)} {list(x.shape)}"
        raise ValueError(f"activations input x is {got}; model {spec['name']} needs {frames.WIRE_NAMES[np.dtype(wanted)]} "
                         f"[n >= 1, {', '.join(map(str, spec['input_shape']))}]")
    if not os.path.exists(args["path"]):
        raise ValueError(f"{args['format']} file not found: {args['path']}")
    model = model_files.load(spec, args["format"], args["path"], device)
    inputs = torch.from_numpy(x.copy()).to(device)
    children = dict(model.named_children())
    expected = [name for layer in spec["layers"] for name in model_builder.module_names(layer)]
    outputs = []
    with torch.no_grad():
        if list(children) != expected:
            # A TorchScript archive of another shape: its output is all that can be seen.
            outputs.append(("output", model(inputs)))
        else:
            value = inputs
            for layer in spec["layers"]:
                for name in model_builder.module_names(layer):
                    value = children[name](value)
                outputs.append((layer["name"], value))
    return {"layers": [name for name, _ in outputs]}, \
        [(name, value.float().cpu().contiguous().numpy()) for name, value in outputs]


OPS = {"hello": hello, "echo": echo, "train": train, "evaluate": evaluate, "step": step, "activations": activations, "probe": probe}


def serve(stdin):
    while True:
        try:
            frame = frames.read_frame(stdin)
        except frames.MalformedRequest as e:
            print(f"pytorch worker: malformed request: {e}", file=sys.stderr, flush=True)
            frames.write_frame(FRAMES_OUT, {"id": e.request_id, "ok": False, "error": str(e), "type": "MalformedRequest"})
            continue
        except frames.FrameError as e:
            print(f"pytorch worker: malformed request frame: {e}", file=sys.stderr, flush=True)
            return 2
        if frame is None:
            return 0
        header, tensors = frame
        request_id, op = header.get("id"), header.get("op")
        if op == "shutdown":
            frames.write_frame(FRAMES_OUT, {"id": request_id, "ok": True, "result": {}})
            return 0

        def progress(message):
            print(f"[{op}] {message}", file=sys.stderr, flush=True)
            frames.write_frame(FRAMES_OUT, {"id": request_id, "event": "progress", "message": message})

        try:
            if op not in OPS:
                raise ValueError(f"unknown op '{op}' (known: {', '.join(OPS)}, shutdown)")
            result, result_tensors = OPS[op](header.get("args") or {}, tensors, progress)
            frames.write_frame(FRAMES_OUT, {"id": request_id, "ok": True, "result": result}, result_tensors)
        except Exception as e:  # noqa: BLE001 - every failure becomes a reply; the worker stays alive
            traceback.print_exc(file=sys.stderr)
            message = " ".join(str(e).split()) or type(e).__name__
            frames.write_frame(FRAMES_OUT, {"id": request_id, "ok": False, "error": message, "type": type(e).__name__})


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, default=int(os.environ.get(THREADS_VARIABLE) or 0),
                        help=f"intra-op threads (default ${THREADS_VARIABLE}, else torch's default)")
    options = parser.parse_args()
    if options.threads > 0:
        torch.set_num_threads(options.threads)
    return serve(sys.stdin.buffer)


if __name__ == "__main__":
    sys.exit(main())
