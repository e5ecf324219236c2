// Runs the shared test vectors of the harness generator (fixtures/randomness/vectors.json, written by make_vectors.py,
// the reference implementation; docs/harness-randomness.md) through the C++ worker's harness_random.cpp, and checks
// that its model builder numbers dropout sites as Python's does (run by LibTorchCppHarnessRandomTests.cs; bootstrap.sh
// builds it beside the worker). test_harness_random.py and TorchSharpHarnessRandomTests run the same vectors.
//
// Usage: harness_random_test VECTORS_JSON
// Prints "ok NAME" or "not ok NAME: …" per check, then "# pass N" and "# fail M"; exits 1 when any failed.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "harness_random.h"
#include "model_builder.h"

namespace hr = worker::harness_random;

namespace {

int passed = 0, failed = 0;

/// "[a, b, …]": the first values of a list, each to its last digit.
template <typename T>
std::string text(const std::vector<T>& values) {
  std::ostringstream joined;
  joined.precision(17);
  joined << "[";
  for (size_t i = 0; i < values.size() && i < 12; ++i) joined << (i > 0 ? ", " : "") << values[i];
  joined << (values.size() > 12 ? ", … (" + std::to_string(values.size()) + " values)]" : "]");
  return joined.str();
}

void check(bool ok, const std::string& name, const std::string& why = "") {
  (ok ? passed : failed)++;
  std::cout << (ok ? "ok " : "not ok ") << name << (ok || why.empty() ? "" : ": " + why) << "\n";
}

template <typename T>
void check_equal(const std::vector<T>& actual, const std::vector<T>& expected, const std::string& name) {
  check(actual == expected, name, "got " + text(actual) + ", expected " + text(expected));
}

template <typename T>
std::vector<T> at(const torch::Tensor& values, const std::vector<int64_t>& indices) {
  std::vector<T> picked;
  for (auto i : indices) picked.push_back(values[i].item<T>());
  return picked;
}

/// One vector case: its keys, and its draws by the scalar mix, by the tensor path on its indices, and (where elements
/// 0..max fit in memory) by bits and uniform over the whole draw.
void check_case(const nlohmann::json& c) {
  auto seed = c["seed"].get<int64_t>(), step = c["step"].get<int64_t>(), site = c["site"].get<int64_t>();
  auto name = "(seed " + std::to_string(seed) + ", step " + std::to_string(step) + ", site " + std::to_string(site) + ")";
  auto indices = c["indices"].get<std::vector<int64_t>>();
  auto expected_bits = c["bits"].get<std::vector<int64_t>>();
  auto keys = hr::keys(seed, step, site);
  check_equal(std::vector<int64_t>{keys[0], keys[1]}, c["keys"].get<std::vector<int64_t>>(), name + " keys");
  std::vector<int64_t> scalar;
  for (auto i : indices) scalar.push_back(hr::mix(hr::mix(static_cast<uint32_t>(i) ^ keys[0]) ^ keys[1]));
  check_equal(scalar, expected_bits, name + " bits by the scalar mix");
  auto drawn = hr::bits_at(torch::tensor(indices, torch::kInt64), keys);
  check_equal(std::vector<int64_t>(drawn.data_ptr<int64_t>(), drawn.data_ptr<int64_t>() + drawn.numel()), expected_bits, name + " bits of its indices");
  auto count = *std::max_element(indices.begin(), indices.end()) + 1;
  if (count > 1000000) return;  // 2^32 elements would not fit in memory: checked on the elements it numbers above
  check_equal(at<int64_t>(hr::bits(seed, step, site, count, torch::kCPU), indices), expected_bits, name + " bits of elements 0.." + std::to_string(count - 1));
  check_equal(at<double>(hr::uniform(seed, step, site, {count}, torch::kCPU), indices), c["uniform"].get<std::vector<double>>(), name + " uniform");
}

/// The dropout drops exactly the vectors' elements, scales the rest as torch does, and draws nothing in evaluation mode.
void check_dropout(const nlohmann::json& mask) {
  auto p = mask["p"].get<double>();
  hr::HarnessDropout dropout(p, mask["site"].get<int64_t>());
  dropout->train();
  hr::draw_from(*dropout, mask["seed"].get<int64_t>(), mask["step"].get<int64_t>());
  auto out = dropout->forward(torch::ones({mask["count"].get<int64_t>()}));
  auto dropped = torch::nonzero(out == 0).flatten();
  check_equal(std::vector<int64_t>(dropped.data_ptr<int64_t>(), dropped.data_ptr<int64_t>() + dropped.numel()), mask["dropped"].get<std::vector<int64_t>>(),
              "dropout drops the vectors' elements");
  auto scale = torch::ones({1}).div_(1 - p).item<float>();
  auto kept = out.masked_select(out != 0);
  check(kept.numel() > 0 && kept.eq(scale).all().item<bool>(), "dropout scales what it keeps by 1 / (1 - p)");
  dropout->eval();
  check(torch::equal(dropout->forward(out), out), "dropout draws nothing in evaluation mode");
}

/// Sites are numbered in forward order: one per dropout layer, four per encoder layer (test_harness_random.py's spec).
void check_sites() {
  auto spec = nlohmann::ordered_json::parse(R"({"name": "m", "layers": [
      {"name": "drop", "kind": "dropout", "args": {"p": 0.5}},
      {"name": "encoder", "kind": "transformer_encoder",
       "args": {"d_model": 8, "heads": 2, "feed_forward": 16, "layers": 2, "max_length": 4, "dropout": 0.1}},
      {"name": "drop2", "kind": "dropout", "args": {"p": 0.5}}]})");
  worker::SpecModel model(spec);
  std::map<std::string, int64_t> sites;
  for (const auto& module : model->named_modules())
    if (auto dropout = module.value()->as<hr::HarnessDropoutImpl>()) sites[module.key()] = dropout->site;
  std::map<std::string, int64_t> expected = {
      {"drop", 0},
      {"encoder.layers.0.self_attn.dropout", 1}, {"encoder.layers.0.dropout1", 2}, {"encoder.layers.0.dropout", 3}, {"encoder.layers.0.dropout2", 4},
      {"encoder.layers.1.self_attn.dropout", 5}, {"encoder.layers.1.dropout1", 6}, {"encoder.layers.1.dropout", 7}, {"encoder.layers.1.dropout2", 8},
      {"drop2", 9},
  };
  std::string got;
  for (const auto& [name, site] : sites) got += name + "=" + std::to_string(site) + " ";
  check(sites == expected, "sites are numbered in forward order", "got " + got);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: harness_random_test VECTORS_JSON\n";
    return 2;
  }
  std::ifstream file(argv[1]);
  if (!file) {
    std::cerr << "cannot read " << argv[1] << "\n";
    return 2;
  }
  auto vectors = nlohmann::json::parse(file);
  for (const auto& c : vectors["cases"]) check_case(c);
  check_dropout(vectors["dropout"]);
  check_sites();
  std::cout << "# pass " << passed << "\n# fail " << failed << "\n";
  return failed == 0 ? 0 : 1;
}
