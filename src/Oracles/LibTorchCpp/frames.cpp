#include "frames.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <map>
#include <string>
#include <unistd.h>

namespace worker {
namespace {

// Largest header a peer may send; anything bigger is a corrupt stream, not a request.
constexpr uint32_t MaxHeaderBytes = 64u * 1024 * 1024;

const std::map<std::string, size_t> DtypeSizes = {{"F32", 4}, {"F64", 8}, {"I64", 8}, {"I32", 4}, {"U8", 1}};

/// Reads exactly `count` bytes; returns how many arrived before the end of the stream.
size_t read_fully(int fd, char* data, size_t count) {
  size_t done = 0;
  while (done < count) {
    auto got = ::read(fd, data + done, count - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw FrameError(std::string("cannot read stdin: ") + std::strerror(errno));
    if (got == 0) break;
    done += static_cast<size_t>(got);
  }
  return done;
}

void read_exactly(int fd, char* data, size_t count, const std::string& what) {
  auto got = read_fully(fd, data, count);
  if (got != count)
    throw FrameError("stream ended inside a frame's " + what + " (" + std::to_string(got) + " of " + std::to_string(count) + " bytes)");
}

void write_fully(int fd, const char* data, size_t count) {
  while (count > 0) {
    auto put = ::write(fd, data, count);
    if (put < 0 && errno == EINTR) continue;
    if (put < 0) throw FrameError(std::string("cannot write frames: ") + std::strerror(errno));
    data += put;
    count -= static_cast<size_t>(put);
  }
}

// Largest tensor a frame may carry, as the C# FrameReader (a .NET array's length).
constexpr uint64_t MaxTensorBytes = 0x7FFFFFC7;

/// The tensor a header entry describes (its bytes not yet allocated) and its byte count.
std::pair<RawTensor, size_t> described(const json& spec) {
  if (!spec.is_object() || !spec.contains("name") || !spec["name"].is_string())
    throw FrameError("frame tensor spec " + spec.dump() + " has no name");
  RawTensor tensor;
  tensor.name = spec["name"].get<std::string>();
  if (!spec.contains("dtype") || !spec["dtype"].is_string() || !DtypeSizes.count(spec["dtype"].get<std::string>()))
    throw FrameError("frame tensor '" + tensor.name + "' has unknown dtype " + (spec.contains("dtype") ? spec["dtype"].dump() : "none"));
  tensor.dtype = spec["dtype"].get<std::string>();
  if (!spec.contains("shape") || !spec["shape"].is_array())
    throw FrameError("frame tensor '" + tensor.name + "' has an invalid shape");
  unsigned __int128 bytes = DtypeSizes.at(tensor.dtype);
  for (const auto& d : spec["shape"]) {
    if (!d.is_number_unsigned() && !(d.is_number_integer() && d.get<int64_t>() >= 0))
      throw FrameError("frame tensor '" + tensor.name + "' has an invalid shape " + spec["shape"].dump());
    tensor.shape.push_back(d.get<int64_t>());
    bytes *= static_cast<uint64_t>(tensor.shape.back());
    if (bytes > MaxTensorBytes)
      throw FrameError("frame tensor '" + tensor.name + "' claims more than " + std::to_string(MaxTensorBytes) + " bytes");
  }
  return {tensor, static_cast<size_t>(bytes)};
}

void check_finite(const json& value) {
  if (value.is_number_float() && !std::isfinite(value.get<double>()))
    throw std::invalid_argument("a reply field is " + std::to_string(value.get<double>()) + ", which JSON cannot carry");
  if (value.is_structured())
    for (const auto& item : value) check_finite(item);
}

}  // namespace

bool read_frame(int fd, Frame& frame) {
  unsigned char prefix[4];
  auto got = read_fully(fd, reinterpret_cast<char*>(prefix), 4);
  if (got == 0) return false;
  if (got < 4) throw FrameError("stream ended inside a frame's length prefix (" + std::to_string(got) + " of 4 bytes)");
  uint32_t length = prefix[0] | (prefix[1] << 8) | (prefix[2] << 16) | (static_cast<uint32_t>(prefix[3]) << 24);
  if (length > MaxHeaderBytes)
    throw FrameError("frame header length " + std::to_string(length) + " exceeds " + std::to_string(MaxHeaderBytes) + " bytes");
  std::string text(length, '\0');
  read_exactly(fd, text.data(), length, "header");
  try {
    frame.header = json::parse(text);
  } catch (const json::parse_error& e) {
    throw MalformedRequest(nullptr, std::string("frame header is not valid JSON: ") + e.what());
  }
  if (!frame.header.is_object()) throw MalformedRequest(nullptr, "frame header is not a JSON object");
  auto id = frame.header.contains("id") ? frame.header["id"] : json();
  frame.tensors.clear();
  if (!frame.header.contains("tensors") || frame.header["tensors"].is_null()) return true;
  if (!frame.header["tensors"].is_array()) throw MalformedRequest(id, "frame header 'tensors' is not a list");
  std::vector<size_t> sizes;
  try {
    for (const auto& spec : frame.header["tensors"]) {
      auto [tensor, size] = described(spec);
      frame.tensors.push_back(std::move(tensor));
      sizes.push_back(size);
    }
  } catch (const FrameError& e) {
    throw MalformedRequest(id, e.what());
  }
  for (size_t i = 0; i < sizes.size(); ++i) {
    auto& tensor = frame.tensors[i];
    tensor.bytes.resize(sizes[i]);
    read_exactly(fd, tensor.bytes.data(), sizes[i], "tensor '" + tensor.name + "'");
  }
  return true;
}

void write_frame(int fd, json header, const std::vector<RawTensor>& tensors) {
  auto specs = json::array();
  for (const auto& t : tensors) {
    auto size = DtypeSizes.find(t.dtype);
    if (size == DtypeSizes.end()) throw FrameError("tensor '" + t.name + "' has dtype " + t.dtype + ", which frames cannot carry");
    if (static_cast<int64_t>(t.bytes.size()) != t.elements() * static_cast<int64_t>(size->second))
      throw FrameError("tensor '" + t.name + "' has " + std::to_string(t.bytes.size()) + " bytes, its shape needs more or fewer");
    specs.push_back({{"name", t.name}, {"dtype", t.dtype}, {"shape", t.shape}});
  }
  header["tensors"] = specs;
  // NaN and infinity are not JSON (dump would write null): refusing them turns them into an error reply.
  check_finite(header);
  auto body = header.dump(-1, ' ', false, json::error_handler_t::strict);
  std::string out(4, '\0');
  auto length = static_cast<uint32_t>(body.size());
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((length >> (8 * i)) & 0xFF);
  out += body;
  for (const auto& t : tensors) out.append(t.bytes.data(), t.bytes.size());
  write_fully(fd, out.data(), out.size());
}

}  // namespace worker
