"""Reads a dataset cache file (safetensors with train_x, train_y, test_x, test_y) into torch tensors."""
import torch

import safetensors_io

SPLITS = {"train": ("train_x", "train_y"), "test": ("test_x", "test_y")}


def load_split(data, spec, split, device):
    """(inputs, labels) of one split, validated against the DatasetRef and the ModelSpec."""
    path = data["path"]
    inputs_name, labels_name = SPLITS[split]
    tensors = safetensors_io.load(path, names=(inputs_name, labels_name))
    for name in (inputs_name, labels_name):
        if name not in tensors:
            raise ValueError(f"{path}: dataset has no tensor '{name}' (has: {', '.join(safetensors_io.read_header(path)[0])})")
    inputs, labels = tensors[inputs_name], tensors[labels_name]
    expected_count = data[f"{split}_count"]
    expected_shape = [expected_count] + list(spec["input_shape"])
    if list(inputs.shape) != expected_shape:
        raise ValueError(f"{path}: {inputs_name} has shape {list(inputs.shape)}; model {spec['name']} and "
                         f"the dataset reference need {expected_shape}")
    if list(labels.shape) != [expected_count]:
        raise ValueError(f"{path}: {labels_name} has shape {list(labels.shape)}, expected [{expected_count}]")
    if labels.dtype.kind not in "iu" or (labels.size and (labels.min() < 0 or labels.max() >= spec["classes"])):
        raise ValueError(f"{path}: {labels_name} must be integer class ids in [0, {spec['classes']})")
    # Token ids feed embeddings as int64; everything else is float32.
    x = torch.from_numpy(inputs).long() if inputs.dtype.kind in "iu" else torch.from_numpy(inputs).float()
    return x.to(device), torch.from_numpy(labels).long().to(device)
