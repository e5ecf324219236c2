// safetensors reader and writer: the format, the one validation rule and its bounds are in docs/formats.md
// (the C#, Python and JavaScript readers follow the same rule and run the same corpus). The reader checks the
// bounds before it parses the header and validates the header against the file size before it reads any
// tensor data, so a file that claims huge or countless tensors fails without allocating them.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "raw_tensor.h"

namespace worker::safetensors {

// The bounds of docs/formats.md, the same in every reader.
constexpr uint64_t MaxHeaderBytes = 8 * 1024 * 1024;
constexpr size_t MaxTensors = 16384;
constexpr size_t MaxRank = 16;  // numpy holds at most 32 dimensions, libtorch 64; our models use 4

/// Element sizes of the dtypes this reader holds (every dtype libtorch has a safetensors name for).
extern const std::map<std::string, size_t> DtypeSizes;

/// The file is not a valid safetensors file; the message names the file and the cause, `reason` is the
/// rule's keyword for the cause (docs/formats.md), e.g. "duplicate-name".
class Error : public std::runtime_error {
 public:
  Error(const std::string& path, std::string reason, const std::string& cause)
      : std::runtime_error(path + ": " + cause), reason(std::move(reason)) {}
  std::string reason;
};

/// The tensors of a validated file in header order; only `names` are read when given (others are skipped).
std::vector<RawTensor> load(const std::string& path, const std::optional<std::set<std::string>>& names = std::nullopt);

/// Writes the tensors in order, with string metadata, to `path` (through a temporary file and a rename).
void save(const std::string& path, const std::vector<RawTensor>& tensors, const std::map<std::string, std::string>& metadata);

}  // namespace worker::safetensors
