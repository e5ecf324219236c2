#include "safetensors.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sys/stat.h>
#include <tuple>

#include <nlohmann/json.hpp>

namespace worker::safetensors {

using json = nlohmann::ordered_json;

const std::map<std::string, size_t> DtypeSizes = {
    {"F64", 8}, {"F32", 4}, {"F16", 2}, {"BF16", 2}, {"I64", 8}, {"I32", 4}, {"I16", 2}, {"I8", 1}, {"U8", 1}, {"BOOL", 1}};

namespace {

constexpr const char* Metadata = "__metadata__";

struct Entry {
  std::string name;
  std::string dtype;
  std::vector<int64_t> shape;
  uint64_t begin = 0, end = 0;
};

struct Header {
  std::vector<Entry> entries;
  uint64_t data_start = 0;
};

/// An integer in [0, 2^64), the range every reader of the rule can hold exactly.
bool is_count(const json& value) {
  return value.is_number_unsigned() || (value.is_number_integer() && value.get<int64_t>() >= 0);
}

/// prod(shape) × itemsize, or nullopt where the non-zero dimensions times itemsize reach 2^63 (what numpy,
/// libtorch and an int64 can count; it holds even for a tensor with a zero dimension).
std::optional<uint64_t> byte_size(const std::vector<uint64_t>& shape, size_t itemsize) {
  unsigned __int128 product = itemsize;
  bool empty = false;
  for (auto d : shape) {
    empty = empty || d == 0;
    product *= d == 0 ? 1 : d;
    if (product >= (static_cast<unsigned __int128>(1) << 63)) return std::nullopt;
  }
  return empty ? 0 : static_cast<uint64_t>(product);
}

/// The first key repeated within one object of the header (after unescaping), or nullopt. JSON parsers silently
/// keep one of two equal keys, and which one differs between languages, so the rule refuses them.
struct RepeatedKeyFinder {
  std::vector<std::set<std::string>> open;
  std::optional<std::string> repeated;

  bool operator()(int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) open.emplace_back();
    else if (event == json::parse_event_t::object_end) open.pop_back();
    else if (event == json::parse_event_t::key && !open.empty() && !open.back().insert(parsed.get<std::string>()).second && !repeated)
      repeated = parsed.get<std::string>();
    return true;
  }
};

Header read_header(const std::string& path, std::ifstream& file) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) throw Error(path, "missing", "cannot open (no such regular file)");
  auto size = static_cast<uint64_t>(info.st_size);
  unsigned char prefix[8];
  if (size < 8 || !file.read(reinterpret_cast<char*>(prefix), 8))
    throw Error(path, "truncated", "file of " + std::to_string(size) + " bytes is too short for the 8-byte header length");
  uint64_t length = 0;
  for (int i = 7; i >= 0; --i) length = (length << 8) | prefix[i];
  if (length > MaxHeaderBytes)
    throw Error(path, "header-too-large", "header length " + std::to_string(length) + " exceeds the " + std::to_string(MaxHeaderBytes) + "-byte cap");
  if (length > size - 8)
    throw Error(path, "truncated", "header length " + std::to_string(length) + " exceeds the file's remaining " + std::to_string(size - 8) + " bytes");
  std::string raw(length, '\0');
  if (!file.read(raw.data(), static_cast<std::streamsize>(length))) throw Error(path, "truncated", "the header could not be read in full");

  // Every tensor entry is a JSON object and a structural '{' cannot be escaped, so this bounds the tensor count
  // before parsing (the root and __metadata__ are the two other objects).
  auto objects = static_cast<size_t>(std::count(raw.begin(), raw.end(), '{'));
  if (objects > MaxTensors + 2)
    throw Error(path, "too-many-tensors", "header holds " + std::to_string(objects) + " JSON objects, more than the cap of " +
                                              std::to_string(MaxTensors) + " tensors allows");
  // nlohmann skips a byte order mark; the rule counts it as not strict UTF-8.
  if (raw.size() >= 3 && raw.compare(0, 3, "\xEF\xBB\xBF") == 0) throw Error(path, "malformed", "header is not valid JSON (it starts with a byte order mark)");
  json header;
  RepeatedKeyFinder finder;
  try {
    header = json::parse(raw, std::ref(finder));
  } catch (const json::exception& e) {  // invalid UTF-8 or JSON
    throw Error(path, "malformed", std::string("header is not valid JSON (") + e.what() + ")");
  }
  if (finder.repeated) throw Error(path, "duplicate-name", "header repeats the key '" + *finder.repeated + "'");
  if (!header.is_object()) throw Error(path, "malformed", "header is not a JSON object");
  if (header.contains(Metadata)) {
    const auto& metadata = header[Metadata];
    if (!metadata.is_object() || !std::all_of(metadata.begin(), metadata.end(), [](const json& v) { return v.is_string(); }))
      throw Error(path, "malformed", std::string(Metadata) + " is not an object of strings");
  }
  auto tensors = header.size() - (header.contains(Metadata) ? 1 : 0);
  if (tensors > MaxTensors)
    throw Error(path, "too-many-tensors", "header holds " + std::to_string(tensors) + " tensors, more than the cap of " + std::to_string(MaxTensors));

  Header result;
  result.data_start = 8 + length;
  auto buffer = size - 8 - length;
  for (const auto& [name, entry] : header.items()) {
    if (name == Metadata) continue;
    if (!entry.is_object()) throw Error(path, "malformed", "entry '" + name + "' is not an object");
    if (!entry.contains("dtype") || !entry["dtype"].is_string()) throw Error(path, "malformed", "tensor '" + name + "' has no dtype string");
    auto dtype = entry["dtype"].get<std::string>();
    if (!DtypeSizes.count(dtype)) throw Error(path, "unknown-dtype", "tensor '" + name + "' has unknown dtype '" + dtype + "'");
    if (!entry.contains("shape") || !entry["shape"].is_array() || !std::all_of(entry["shape"].begin(), entry["shape"].end(), is_count))
      throw Error(path, "malformed", "tensor '" + name + "' has an invalid shape " + (entry.contains("shape") ? entry["shape"].dump() : "(none)"));
    if (entry["shape"].size() > MaxRank)
      throw Error(path, "malformed", "tensor '" + name + "' has rank " + std::to_string(entry["shape"].size()) + ", more than " + std::to_string(MaxRank));
    const json offsets = entry.contains("data_offsets") ? entry["data_offsets"] : json();
    if (!offsets.is_array() || offsets.size() != 2 || !is_count(offsets[0]) || !is_count(offsets[1]))
      throw Error(path, "malformed", "tensor '" + name + "' has invalid data_offsets " + (offsets.is_null() ? "(none)" : offsets.dump()));
    auto begin = offsets[0].get<uint64_t>(), end = offsets[1].get<uint64_t>();
    auto range = "data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) + "]";
    if (begin > end) throw Error(path, "reversed-range", "tensor '" + name + "' " + range + " are reversed");
    if (end > buffer)
      throw Error(path, "out-of-bounds", "tensor '" + name + "' " + range + " lie outside the " + std::to_string(buffer) + "-byte data buffer");
    std::vector<uint64_t> dims;
    for (const auto& d : entry["shape"]) dims.push_back(d.get<uint64_t>());
    auto bytes = byte_size(dims, DtypeSizes.at(dtype));
    if (!bytes) throw Error(path, "size-overflow", "tensor '" + name + "' " + dtype + " " + entry["shape"].dump() + " is too large to count in 63 bits");
    if (*bytes != end - begin)
      throw Error(path, "size-mismatch", "tensor '" + name + "' is " + dtype + " " + entry["shape"].dump() + " (" + std::to_string(*bytes) +
                                             " bytes) but its data_offsets span " + std::to_string(end - begin) + " bytes");
    // Every dimension is below 2^63 here: the non-zero ones multiply to less, and a zero one is zero.
    result.entries.push_back({name, dtype, std::vector<int64_t>(dims.begin(), dims.end()), begin, end});
  }
  // Sorted by (begin, end), the ranges must tile the buffer: each starts where the previous one ended.
  auto sorted = result.entries;
  std::sort(sorted.begin(), sorted.end(), [](const Entry& a, const Entry& b) { return std::tie(a.begin, a.end) < std::tie(b.begin, b.end); });
  uint64_t position = 0;
  for (const auto& e : sorted) {
    auto range = "[" + std::to_string(e.begin) + ", " + std::to_string(e.end) + "]";
    if (e.begin < position) throw Error(path, "overlap", "tensor '" + e.name + "' range " + range + " overlaps the previous tensor");
    if (e.begin > position)
      throw Error(path, "gap", "bytes [" + std::to_string(position) + ", " + std::to_string(e.begin) + ") of the data buffer belong to no tensor");
    position = e.end;
  }
  if (position != buffer)
    throw Error(path, "trailing-bytes", "bytes [" + std::to_string(position) + ", " + std::to_string(buffer) + ") after the last tensor belong to no tensor");
  return result;
}

}  // namespace

std::vector<RawTensor> load(const std::string& path, const std::optional<std::set<std::string>>& names) {
  std::ifstream file(path, std::ios::binary);
  auto header = read_header(path, file);
  std::vector<RawTensor> tensors;
  for (const auto& e : header.entries) {
    if (names && !names->count(e.name)) continue;
    RawTensor tensor{e.name, e.dtype, e.shape, std::vector<char>(e.end - e.begin)};
    file.seekg(static_cast<std::streamoff>(header.data_start + e.begin));
    if (!file.read(tensor.bytes.data(), static_cast<std::streamsize>(tensor.bytes.size())))
      throw Error(path, "truncated", "tensor '" + e.name + "' could not be read");
    tensors.push_back(std::move(tensor));
  }
  return tensors;
}

void save(const std::string& path, const std::vector<RawTensor>& tensors, const std::map<std::string, std::string>& metadata) {
  json header = json::object();
  if (!metadata.empty()) header[Metadata] = metadata;
  uint64_t offset = 0;
  for (const auto& t : tensors) {
    auto size = DtypeSizes.find(t.dtype);
    if (size == DtypeSizes.end() || static_cast<int64_t>(t.bytes.size()) != t.elements() * static_cast<int64_t>(size->second))
      throw std::invalid_argument(path + ": tensor '" + t.name + "' (" + t.dtype + ") cannot be written: unknown dtype or wrong byte count");
    header[t.name] = {{"dtype", t.dtype}, {"shape", t.shape}, {"data_offsets", {offset, offset + t.bytes.size()}}};
    offset += t.bytes.size();
  }
  auto body = header.dump();
  // Pad the header with spaces so the data buffer starts 8-byte aligned, as the reference writer does.
  body.append((8 - body.size() % 8) % 8, ' ');
  struct stat existing {};
  if (::lstat(path.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode))
    throw std::runtime_error(path + ": exists and is not a regular file; it is left as it is");
  auto temporary = path + ".partial";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    char prefix[8];
    for (int i = 0; i < 8; ++i) prefix[i] = static_cast<char>((static_cast<uint64_t>(body.size()) >> (8 * i)) & 0xFF);
    out.write(prefix, 8);
    out.write(body.data(), static_cast<std::streamsize>(body.size()));
    for (const auto& t : tensors) out.write(t.bytes.data(), static_cast<std::streamsize>(t.bytes.size()));
    out.flush();
    if (!out) throw std::runtime_error(path + ": cannot write " + temporary);
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) throw std::runtime_error(path + ": cannot move " + temporary + " into place");
}

}  // namespace worker::safetensors
