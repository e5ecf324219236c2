// Binary frames of the worker protocol (src/Oracles/Workers/PROTOCOL.md): u32 little-endian header length,
// UTF-8 JSON header, then the raw little-endian row-major bytes of the tensors listed in header["tensors"].
#pragma once

#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

#include "raw_tensor.h"

namespace worker {

using json = nlohmann::ordered_json;

/// The stream does not hold a well-formed frame.
class FrameError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Frame {
  json header;
  std::vector<RawTensor> tensors;
};

/// Reads one frame from `fd`; false when the stream ended cleanly between frames.
bool read_frame(int fd, Frame& frame);

/// Writes one frame to `fd`: the header with its "tensors" list, then the tensors' bytes.
void write_frame(int fd, json header, const std::vector<RawTensor>& tensors = {});

}  // namespace worker
