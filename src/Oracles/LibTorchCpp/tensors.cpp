#include "tensors.h"

#include <cstring>
#include <map>
#include <stdexcept>

namespace worker {
namespace {

const std::map<std::string, torch::ScalarType> Dtypes = {
    {"F64", torch::kFloat64}, {"F32", torch::kFloat32}, {"F16", torch::kFloat16}, {"BF16", torch::kBFloat16},
    {"I64", torch::kInt64},   {"I32", torch::kInt32},   {"I16", torch::kInt16},   {"I8", torch::kInt8},
    {"U8", torch::kUInt8},    {"BOOL", torch::kBool}};

}  // namespace

torch::Tensor to_torch(const RawTensor& raw) {
  auto dtype = Dtypes.find(raw.dtype);
  if (dtype == Dtypes.end()) throw std::invalid_argument("tensor '" + raw.name + "' has dtype " + raw.dtype + ", which libtorch does not hold");
  auto tensor = torch::empty(raw.shape, torch::TensorOptions().dtype(dtype->second));
  if (static_cast<size_t>(tensor.nbytes()) != raw.bytes.size())
    throw std::invalid_argument("tensor '" + raw.name + "' has " + std::to_string(raw.bytes.size()) + " bytes, its shape needs " + std::to_string(tensor.nbytes()));
  if (!raw.bytes.empty()) std::memcpy(tensor.data_ptr(), raw.bytes.data(), raw.bytes.size());
  return tensor;
}

std::string wire_name(torch::ScalarType dtype) {
  for (const auto& [name, type] : Dtypes)
    if (type == dtype) return name;
  throw std::invalid_argument(std::string("dtype ") + c10::toString(dtype) + " has no wire name");
}

RawTensor to_raw(const std::string& name, const torch::Tensor& tensor) {
  auto cpu = tensor.detach().cpu().contiguous();
  RawTensor raw{name, wire_name(cpu.scalar_type()), cpu.sizes().vec(), std::vector<char>(cpu.nbytes())};
  if (!raw.bytes.empty()) std::memcpy(raw.bytes.data(), cpu.data_ptr(), raw.bytes.size());
  return raw;
}

}  // namespace worker
