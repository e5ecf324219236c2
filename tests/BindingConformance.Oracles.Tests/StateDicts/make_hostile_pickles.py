"""Writes the hostile PyTorch state-dict files the state-dict tests feed both bindings (never loads them).

usage: make_hostile_pickles.py OUT_DIR MARKER_FILE
- code.pt: a torch.save file whose pickle calls os.system("touch MARKER_FILE") when fully unpickled;
- truncated.pt: a real state dict cut in the middle of its zip;
- garbage.pt: a zip whose data.pkl is not a pickle.
"""
import os
import sys
import zipfile

import torch

out, marker = sys.argv[1], sys.argv[2]


class RunsCode:
    def __reduce__(self):
        return (os.system, (f"touch {marker}",))


torch.save({"conv1.weight": RunsCode()}, os.path.join(out, "code.pt"))

torch.save(torch.nn.Conv2d(1, 4, 3).state_dict(), os.path.join(out, "whole.pt"))
with open(os.path.join(out, "whole.pt"), "rb") as f:
    whole = f.read()
with open(os.path.join(out, "truncated.pt"), "wb") as f:
    f.write(whole[: len(whole) // 2])
os.remove(os.path.join(out, "whole.pt"))

with zipfile.ZipFile(os.path.join(out, "garbage.pt"), "w") as z:
    z.writestr("garbage/data.pkl", b"\x80\x02this is not a pickle")
    z.writestr("garbage/version", b"3\n")
