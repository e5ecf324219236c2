"""The weight conversion of a (deliberately wrong) port: it copies every tensor of the Python state dict, but stores
conv2's kernel with its two spatial axes swapped, as a port does that reads kernels as [out, in, width, height].

usage: python3 port_weights.py MODEL.pt PORTED.pt
"""
import sys

import torch

state = torch.load(sys.argv[1], map_location="cpu", weights_only=True)
state["conv2.weight"] = state["conv2.weight"].transpose(2, 3).contiguous()
torch.save(state, sys.argv[2])
