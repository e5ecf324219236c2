// Reading the ModelSpec JSON the host sends (src/Oracles/Models/ModelSpec.cs; layer kinds in LayerKind.cs).
#pragma once

#include <cmath>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace worker {

using json = nlohmann::ordered_json;

/// A request field, or an error naming it.
inline const json& field(const json& object, const std::string& key, const std::string& where) {
  if (!object.is_object() || !object.contains(key) || object[key].is_null()) throw std::invalid_argument(where + " has no '" + key + "'");
  return object[key];
}

/// A layer's real-valued argument (args are numbers in the spec).
inline double real_arg(const json& layer, const std::string& key) {
  auto where = "layer '" + layer.value("name", std::string("?")) + "' (" + layer.value("kind", std::string("?")) + ")";
  const auto& value = field(field(layer, "args", where), key, where + " args");
  if (!value.is_number()) throw std::invalid_argument(where + " argument '" + key + "' is not a number");
  return value.get<double>();
}

/// A layer's integer argument; a fractional value is an error, as in the other workers.
inline int64_t int_arg(const json& layer, const std::string& key) {
  auto value = real_arg(layer, key);
  if (value != std::floor(value) || std::abs(value) > 1e15)
    throw std::invalid_argument("layer '" + layer.value("name", std::string("?")) + "' argument '" + key + "' = " + std::to_string(value) + " is not an integer");
  return static_cast<int64_t>(value);
}

}  // namespace worker
