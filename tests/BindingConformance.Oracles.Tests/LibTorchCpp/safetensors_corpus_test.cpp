// Runs the shared malformed-file corpus through the C++ worker's safetensors reader (run by
// LibTorchCppSafetensorsCorpusTests.cs; bootstrap.sh builds it beside the worker). The corpus
// (fixtures/formats/malformed) names the outcome of every file; the C#, Python and JavaScript readers run the
// same corpus and must agree (docs/formats.md). This reader handles safetensors only.
//
// Usage: safetensors_corpus_test CORPUS_FOLDER SCRATCH_FOLDER
// Prints "ok NAME" or "not ok NAME: …" per check, then "# pass N" and "# fail M"; exits 1 when any failed.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "safetensors.h"

using json = nlohmann::json;
namespace st = worker::safetensors;

namespace {

int passed = 0, failed = 0;

void check(bool ok, const std::string& name, const std::string& why = "") {
  (ok ? passed : failed)++;
  std::cout << (ok ? "ok " : "not ok ") << name << (ok || why.empty() ? "" : ": " + why) << "\n";
}

/// The bytes of a generated case, as make_corpus.generated writes them: `tensors` empty U8 tensors t0, t1, …
std::string generated(const json& parameters) {
  std::ostringstream header;
  header << "{";
  for (int i = 0; i < parameters["tensors"].get<int>(); ++i)
    header << (i > 0 ? "," : "") << "\"t" << i << "\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0]}";
  if (parameters["closed"].get<bool>()) header << "}";
  auto text = header.str();
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((static_cast<uint64_t>(text.size()) >> (8 * i)) & 0xFF);
  return bytes + text;
}

/// "ok" with an empty reason, or "rejected" with the reader's reason keyword.
std::pair<std::string, std::string> outcome(const std::string& file, std::string& message) {
  try {
    st::load(file);
    return {"ok", ""};
  } catch (const st::Error& e) {
    message = e.what();
    return {"rejected", e.reason};
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: safetensors_corpus_test CORPUS_FOLDER SCRATCH_FOLDER\n";
    return 2;
  }
  std::string corpus = argv[1], scratch = argv[2];
  std::ifstream expected_file(corpus + "/expected.json");
  if (!expected_file) {
    std::cerr << "cannot read " << corpus << "/expected.json\n";
    return 2;
  }
  auto manifest = json::parse(expected_file);
  check(st::MaxHeaderBytes == manifest["max_header_bytes"].get<uint64_t>(), "the reader declares the header cap");
  check(st::MaxTensors == manifest["max_tensors"].get<size_t>(), "the reader declares the tensor cap");
  check(st::MaxRank == manifest["max_rank"].get<size_t>(), "the reader declares the rank cap");
  int cases = 0;
  for (const auto& c : manifest["cases"]) {
    if (c["format"] != "safetensors") continue;
    ++cases;
    auto name = c["name"].get<std::string>();
    std::string file;
    if (c.contains("generated")) {
      file = scratch + "/" + name;
      std::ofstream(file, std::ios::binary) << generated(c["generated"]);
    } else {
      file = corpus + "/" + c["file"].get<std::string>();
    }
    std::string message;
    auto [got, reason] = outcome(file, message);
    auto want = c["expected"].get<std::string>();
    auto want_reason = c.contains("reason") && c["reason"].is_string() ? c["reason"].get<std::string>() : "";
    check(got == want && reason == want_reason, name,
          "expected " + want + (want_reason.empty() ? "" : " (" + want_reason + ")") + ", got " + got + (reason.empty() ? "" : " (" + reason + ")") +
              (message.empty() ? "" : ": " + message) + "; " + c["why"].get<std::string>());
    if (got == "rejected") check(message.find(file) != std::string::npos, name + " names the file", message);
    if (c.contains("generated")) std::remove(file.c_str());
  }
  check(cases >= 40, "the corpus holds safetensors cases", std::to_string(cases) + " cases");
  std::cout << "# pass " << passed << "\n# fail " << failed << "\n";
  return failed == 0 ? 0 : 1;
}
