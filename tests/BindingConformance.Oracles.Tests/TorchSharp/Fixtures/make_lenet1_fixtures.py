"""Regenerates the LeNet-1 fixtures the TorchSharp oracle tests load: the same seeded, untrained
PyTorch module saved as traced TorchScript, scripted TorchScript and safetensors (written by hand:
the safetensors package is not installed beside Debian's torch 1.13).

Run with: /usr/bin/python3 make_lenet1_fixtures.py   (torch 1.13.1)
"""
import json
import struct
from collections import OrderedDict

import torch
from torch import nn


def lenet1():
    return nn.Sequential(OrderedDict([
        ("conv1", nn.Conv2d(1, 4, 5)), ("tanh1", nn.Tanh()), ("pool1", nn.AvgPool2d(2)),
        ("conv2", nn.Conv2d(4, 12, 5)), ("tanh2", nn.Tanh()), ("pool2", nn.AvgPool2d(2)),
        ("flatten", nn.Flatten()), ("fc", nn.Linear(192, 10)),
    ]))


def write_safetensors(path, state):
    header, offset, blobs = {}, 0, []
    for name, tensor in state.items():
        blob = tensor.detach().contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    encoded = json.dumps(header).encode("utf-8")
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for blob in blobs:
            f.write(blob)


torch.manual_seed(7)
model = lenet1().eval()
torch.jit.trace(model, torch.zeros(1, 1, 28, 28)).save("lenet1.traced.pt")
torch.jit.script(model).save("lenet1.scripted.pt")
write_safetensors("lenet1.safetensors", model.state_dict())
