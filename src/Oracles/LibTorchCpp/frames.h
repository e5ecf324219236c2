// Binary frames of the worker protocol (src/Oracles/Workers/PROTOCOL.md): u32 little-endian header length,
// UTF-8 JSON header, then the raw little-endian row-major bytes of the tensors listed in header["tensors"].
#pragma once

#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

#include "raw_tensor.h"

namespace worker {

using json = nlohmann::ordered_json;

/// The stream does not hold a well-formed frame: nothing after it can be read.
class FrameError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A frame whose header is unusable (not a JSON object, or tensors that cannot be sized) but whose end is known: the
/// worker answers it with an error and reads on. No payload is read for it. `id` is the header's id, or null.
class MalformedRequest : public FrameError {
 public:
  MalformedRequest(nlohmann::ordered_json id, const std::string& message) : FrameError(message), id(std::move(id)) {}
  nlohmann::ordered_json id;
};

struct Frame {
  json header;
  std::vector<RawTensor> tensors;
};

/// Reads one frame from `fd`; false when the stream ended cleanly between frames. Throws MalformedRequest for a
/// header it cannot use and FrameError for a broken stream.
bool read_frame(int fd, Frame& frame);

/// Writes one frame to `fd`: the header with its "tensors" list, then the tensors' bytes.
void write_frame(int fd, json header, const std::vector<RawTensor>& tensors = {});

}  // namespace worker
