// libtorch C++ frontend oracle worker (binding `libtorch-cpp`): speaks the frame protocol of
// src/Oracles/Workers/PROTOCOL.md on stdin/stdout, as PythonTorch/pytorch_worker.py does, with the C++ frontend
// of the same engine (Debian's libtorch-dev 1.13).
//
// Usage: libtorch_worker [--threads N]   (else $BINDING_CONFORMANCE_THREADS, else libtorch's default)
// stdout carries frames only: the real stdout is kept for frames and fd 1 is pointed at stderr, so anything
// libtorch prints cannot corrupt the stream.
#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>

#include <torch/torch.h>

#include "dataset.h"
#include "frames.h"
#include "harness_random.h"
#include "model_files.h"
#include "safetensors.h"
#include "spec_args.h"
#include "tensors.h"

namespace worker {
namespace {

constexpr const char* Binding = "libtorch-cpp";
constexpr const char* Protocol = "1.1";  // the version of PROTOCOL.md this worker speaks
constexpr const char* ThreadsVariable = "BINDING_CONFORMANCE_THREADS";  // ThreadSettings.Variable in C#
constexpr int64_t EvalBatch = 1000;

using Clock = std::chrono::steady_clock;
using Progress = std::function<void(const std::string&)>;
using Reply = std::pair<json, std::vector<RawTensor>>;
using Tensors = std::vector<RawTensor>;  // in the request's order

double seconds_since(Clock::time_point started) { return std::chrono::duration<double>(Clock::now() - started).count(); }

std::vector<std::string> devices() {
  std::vector<std::string> names{"cpu"};
  if (torch::cuda::is_available()) names.emplace_back("cuda");
  return names;
}

/// Why CUDA is missing, in libtorch's terms: a CPU-only build differs from a CUDA build that finds no GPU.
json absent_devices() {
  if (torch::cuda::is_available()) return json::object();
  if (!at::hasCUDA()) return {{"cuda", std::string("libtorch ") + TORCH_VERSION + " is a CPU-only build (at::hasCUDA() is false)"}};
  return {{"cuda", std::string("libtorch ") + TORCH_VERSION + " is built with CUDA but finds no CUDA device"}};
}

torch::Device torch_device(const json& args) {
  auto name = field(args, "device", "request").get<std::string>();
  std::string available;
  for (const auto& d : devices()) {
    if (d == name) return torch::Device(name);
    available += (available.empty() ? "" : ", ") + d;
  }
  throw std::invalid_argument("device '" + name + "' is not available to libtorch " + TORCH_VERSION + " here (available: " + available + ")");
}

void synchronize(const torch::Device& device) {
  // CUDA kernels run asynchronously; the clock is only meaningful once they have finished.
  if (device.is_cuda()) torch::cuda::synchronize(device.index());
}

/// Logits of `inputs` in evaluation batches, without gradients.
torch::Tensor predict(const std::function<torch::Tensor(const torch::Tensor&)>& forward, const torch::Tensor& inputs) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> parts;
  for (int64_t i = 0; i < inputs.size(0); i += EvalBatch) parts.push_back(forward(inputs.slice(0, i, std::min(inputs.size(0), i + EvalBatch))));
  return torch::cat(parts);
}

int64_t correct(const torch::Tensor& logits, const torch::Tensor& labels) { return logits.argmax(1).eq(labels).sum().item<int64_t>(); }

std::unique_ptr<torch::optim::Optimizer> make_optimizer(const json& spec, const std::vector<torch::Tensor>& parameters) {
  const auto& optimizer = field(spec, "optimizer", "model spec");
  auto kind = field(optimizer, "kind", "optimizer").get<std::string>();
  auto rate = field(optimizer, "learning_rate", "optimizer").get<double>();
  if (kind == "sgd") return std::make_unique<torch::optim::SGD>(parameters, torch::optim::SGDOptions(rate).momentum(optimizer.value("momentum", 0.0)));
  if (kind == "adam") {
    // The spec's moment decays and epsilon, never the frontend's defaults (PROTOCOL.md, "Harness randomness").
    auto betas = std::make_tuple(field(optimizer, "beta1", "optimizer").get<double>(), field(optimizer, "beta2", "optimizer").get<double>());
    return std::make_unique<torch::optim::Adam>(parameters, torch::optim::AdamOptions(rate).betas(betas).eps(field(optimizer, "eps", "optimizer").get<double>()));
  }
  throw std::invalid_argument("unknown optimizer '" + kind + "' (known: sgd, adam)");
}

/// The request tensor `name`, or null.
const RawTensor* find(const Tensors& tensors, const std::string& name) {
  for (const auto& t : tensors)
    if (t.name == name) return &t;
  return nullptr;
}

/// "a, b, c": a shape's dimensions as Python prints a list's items.
std::string dims_text(const std::vector<int64_t>& shape) {
  std::string text;
  for (auto d : shape) text += (text.empty() ? "" : ", ") + std::to_string(d);
  return text;
}

std::string shape_text(const std::vector<int64_t>& shape) { return "[" + dims_text(shape) + "]"; }

/// What this binding is and can do (PROTOCOL.md, "hello"); the host builds its capabilities from it. The zoo's models
/// follow from the layer kinds; TorchScript archives report every layer when their children are the spec's modules.
Reply hello(const json&, const Tensors&, const Progress&) {
  json result = {
      {"protocol", Protocol},
      {"binding", Binding},
      {"version", TORCH_VERSION},
      {"framework", "pytorch"},
      {"language", "cpp"},
      {"default", false},
      {"engine", "libtorch"},
      {"engine_version", TORCH_VERSION},
      {"devices", devices()},
      {"absent_devices", absent_devices()},
      {"can_train", true},
      {"layer_kinds", layer_kinds()},
      {"save_formats", save_formats()},
      {"load_formats", load_formats()},
      {"activation_formats", load_formats()},
      {"execution_modes", json::array()},
      {"training_step", true},
      {"threads", torch::get_num_threads()},
  };
  return {result, {}};
}

/// The protocol's own test op (PROTOCOL.md, "echo"): `progress` frames, a `sleep_seconds` pause, a `fail` error, else
/// the args and tensors back unchanged.
Reply echo(const json& args, const Tensors& tensors, const Progress& progress) {
  auto count = args.value("progress", 0);
  for (int i = 0; i < count; ++i) progress("echo " + std::to_string(i + 1) + "/" + std::to_string(count));
  std::this_thread::sleep_for(std::chrono::duration<double>(args.value("sleep_seconds", 0.0)));
  if (args.contains("fail")) throw std::invalid_argument(args["fail"].is_string() ? args["fail"].get<std::string>() : args["fail"].dump());
  return {{{"args", args}}, tensors};
}

Reply train(const json& args, const Tensors& tensors, const Progress& progress) {
  const auto& spec = field(args, "model", "train request");
  const auto& data = field(args, "data", "train request");
  const auto& settings = field(args, "settings", "train request");
  auto device = torch_device(args);
  auto epochs = field(settings, "epochs", "settings").get<int64_t>(), batch_size = field(settings, "batch_size", "settings").get<int64_t>();
  if (batch_size <= 0 || epochs <= 0)
    throw std::invalid_argument("epochs (" + std::to_string(epochs) + ") and batch size (" + std::to_string(batch_size) + ") must be positive");
  auto train_count = field(data, "train_count", "dataset reference").get<int64_t>();
  auto order_raw = find(tensors, "batch_order");
  if (!order_raw || order_raw->dtype != "I32" || order_raw->shape != std::vector<int64_t>{epochs, train_count})
    throw std::invalid_argument("batch_order must be I32 [" + std::to_string(epochs) + ", " + std::to_string(train_count) + "], got " +
                                (!order_raw ? "none" : order_raw->dtype + " " + shape_text(order_raw->shape)));
  auto order = to_torch(*order_raw).to(torch::kInt64);
  if (order.numel() > 0 && (order.min().item<int64_t>() < 0 || order.max().item<int64_t>() >= train_count))
    throw std::invalid_argument("batch_order holds indices outside [0, " + std::to_string(train_count) + ")");
  std::vector<std::string> exports;
  for (const auto& e : args.value("exports", json::array())) {
    auto format = field(e, "format", "export").get<std::string>();
    if (std::find(save_formats().begin(), save_formats().end(), format) == save_formats().end())
      throw std::invalid_argument("the libtorch-cpp worker cannot save " + format + " files (the C++ frontend writes safetensors here; it cannot trace or script a torch::nn module)");
  }
  auto [train_x, train_y] = load_split(data, spec, "train", device);
  auto [test_x, test_y] = load_split(data, spec, "test", device);

  auto seed = field(args, "seed", "train request").get<int64_t>();
  torch::manual_seed(seed);
  SpecModel model(spec);
  model->to(device);
  auto optimizer = make_optimizer(spec, model->parameters());
  auto forward = [&model](const torch::Tensor& x) { return model->forward(x); };
  std::vector<double> train_accuracy, test_accuracy;
  std::vector<torch::Tensor> step_losses;
  torch::Tensor test_logits;
  double training_seconds = 0;
  for (int64_t epoch = 0; epoch < epochs; ++epoch) {
    auto permutation = order[epoch].to(device);
    model->train();
    synchronize(device);
    auto started = Clock::now();
    for (int64_t start = 0; start < train_count; start += batch_size) {
      auto batch = permutation.slice(0, start, std::min(train_count, start + batch_size));
      // Dropout masks are the harness's draws of (seed, step), as in every PyTorch-family binding.
      harness_random::draw_from(*model, seed, static_cast<int64_t>(step_losses.size()));
      optimizer->zero_grad();
      auto loss = torch::nn::functional::cross_entropy(model->forward(train_x.index_select(0, batch)), train_y.index_select(0, batch));
      loss.backward();
      optimizer->step();
      // Kept on the device: reading it here would synchronise CUDA inside the timed loop.
      step_losses.push_back(loss.detach());
    }
    synchronize(device);
    training_seconds += seconds_since(started);
    model->eval();
    train_accuracy.push_back(static_cast<double>(correct(predict(forward, train_x), train_y)) / std::max<int64_t>(1, train_y.size(0)));
    test_logits = predict(forward, test_x);
    test_accuracy.push_back(static_cast<double>(correct(test_logits, test_y)) / std::max<int64_t>(1, test_y.size(0)));
    std::ostringstream message;
    message.setf(std::ios::fixed);
    message.precision(4);
    message << "epoch " << epoch + 1 << "/" << epochs << ": last batch loss ";
    if (step_losses.empty()) message << "none"; else message << step_losses.back().item<double>();
    message << ", train accuracy " << train_accuracy.back() << ", test accuracy " << test_accuracy.back();
    progress(message.str());
  }

  // The last epoch's evaluation is of the trained model, in eval mode, before any export is written.
  for (const auto& e : args.value("exports", json::array())) save(model, e["format"].get<std::string>(), field(e, "path", "export").get<std::string>());
  auto losses = step_losses.empty() ? torch::zeros({0}, torch::kFloat64) : torch::stack(step_losses).to(torch::kFloat64);
  json result = {{"train_accuracy", train_accuracy},   {"test_accuracy", test_accuracy}, {"final_test_accuracy", test_accuracy.back()},
                 {"training_seconds", training_seconds}, {"version", TORCH_VERSION}};
  return {result, {to_raw("step_losses", losses), to_raw("final_test_logits", test_logits.to(torch::kFloat32))}};
}

Reply evaluate(const json& args, const Tensors&, const Progress&) {
  const auto& spec = field(args, "model", "evaluate request");
  auto device = torch_device(args);
  auto passes = args.value("passes", 5);
  if (passes < 1) throw std::invalid_argument("passes must be at least 1, got " + std::to_string(passes));
  auto [test_x, test_y] = load_split(field(args, "data", "evaluate request"), spec, "test", device);
  auto model = LoadedModel::load(spec, field(args, "format", "evaluate request").get<std::string>(), field(args, "path", "evaluate request").get<std::string>(), device);
  auto forward = [&model](const torch::Tensor& x) { return model.forward(x); };
  predict(forward, test_x);  // untimed warm-up (allocations, kernel selection, the TorchScript executor's profiling runs)
  std::vector<int64_t> correct_per_pass;
  std::vector<double> pass_seconds;
  std::vector<torch::Tensor> pass_logits;
  for (int pass = 0; pass < passes; ++pass) {
    synchronize(device);
    auto started = Clock::now();
    auto logits = predict(forward, test_x);
    synchronize(device);
    pass_seconds.push_back(seconds_since(started));
    correct_per_pass.push_back(correct(logits, test_y));
    pass_logits.push_back(logits);
  }
  auto logits = torch::stack(pass_logits).to(torch::kFloat32);
  json result = {{"count", test_x.size(0)}, {"classes", logits.size(2)}, {"correct_per_pass", correct_per_pass}, {"pass_seconds", pass_seconds}};
  return {result, {to_raw("logits", logits)}};
}

/// The spec's input shape of one example.
std::vector<int64_t> input_row(const json& spec) {
  std::vector<int64_t> row;
  for (const auto& d : field(spec, "input_shape", "model spec")) row.push_back(d.get<int64_t>());
  return row;
}

/// The identity probe: from a safetensors file's weights, one training step per batch of x [steps, n, …], y [steps, n]
/// (PROTOCOL.md, op `step`): each step's loss, the first step's logits and gradients, the state dict after the last.
Reply step(const json& args, const Tensors& tensors, const Progress&) {
  const auto& spec = field(args, "model", "step request");
  auto device = torch_device(args);
  auto row = input_row(spec);
  auto x = find(tensors, "x"), y = find(tensors, "y");
  if (!x || !y) throw std::invalid_argument("step needs tensors x and y, got " + std::string(x ? "x" : y ? "y" : "none"));
  bool fits = (x->dtype == "F32" || x->dtype == "I64") && x->shape.size() == row.size() + 2 && x->shape[0] >= 1 && x->shape[1] >= 1 &&
              std::equal(row.begin(), row.end(), x->shape.begin() + 2) && y->dtype == "I64" &&
              y->shape == std::vector<int64_t>(x->shape.begin(), x->shape.begin() + 2);
  if (!fits)
    throw std::invalid_argument("step batches are x " + x->dtype + " " + shape_text(x->shape) + ", y " + y->dtype + " " + shape_text(y->shape) + "; model " +
                                spec.value("name", std::string("?")) + " needs x [steps, n, " + dims_text(row) + "] and y I64 [steps, n]");
  auto inputs = to_torch(*x).to(device), labels = to_torch(*y).to(device);
  auto model = load_weights(spec, field(args, "path", "step request").get<std::string>(), device);
  model->train();
  auto optimizer = make_optimizer(spec, model->parameters());
  auto seed = args.value("seed", int64_t{0});
  std::vector<double> losses;
  std::vector<RawTensor> first;  // the first step's logits and gradients
  for (int64_t k = 0; k < inputs.size(0); ++k) {
    harness_random::draw_from(*model, seed, k);
    optimizer->zero_grad();
    auto output = model->forward(inputs[k]);
    auto loss = torch::nn::functional::cross_entropy(output, labels[k]);
    loss.backward();
    if (k == 0) {
      // Copies (to_raw copies the bytes): zero_grad() of the next step zeroes the gradients in place.
      first.push_back(to_raw("logits", output.detach().to(torch::kFloat32)));
      for (const auto& p : model->named_parameters())
        first.push_back(to_raw("grad:" + p.key(), (p.value().grad().defined() ? p.value().grad() : torch::zeros_like(p.value())).to(torch::kFloat32)));
    }
    optimizer->step();
    losses.push_back(loss.item<double>());
  }
  std::vector<RawTensor> out{to_raw("losses", torch::tensor(losses, torch::kFloat64)), first[0]};
  for (const auto& [key, tensor] : model->state()) out.push_back(to_raw(key, tensor));
  out.insert(out.end(), first.begin() + 1, first.end());
  return {json::object(), out};
}

/// Every spec layer's output on the batch x, in evaluation mode (PROTOCOL.md, op `activations`).
Reply activations(const json& args, const Tensors& tensors, const Progress&) {
  const auto& spec = field(args, "model", "activations request");
  auto device = torch_device(args);
  const auto& layers = field(spec, "layers", "model spec");
  // F32 [n, ..input_shape], or I64 token ids for a model that starts with an embedding.
  std::string wanted = !layers.empty() && layers[0].value("kind", std::string()) == "embedding" ? "I64" : "F32";
  auto row = input_row(spec);
  auto x = find(tensors, "x");
  if (!x || x->dtype != wanted || x->shape.size() != row.size() + 1 || x->shape[0] < 1 || !std::equal(row.begin(), row.end(), x->shape.begin() + 1))
    throw std::invalid_argument("activations input x is " + (!x ? std::string("none") : x->dtype + " " + shape_text(x->shape)) + "; model " +
                                spec.value("name", std::string("?")) + " needs " + wanted + " [n >= 1, " + dims_text(row) + "]");
  auto inputs = to_torch(*x).to(device);
  auto model = LoadedModel::load(spec, field(args, "format", "activations request").get<std::string>(), field(args, "path", "activations request").get<std::string>(), device);
  torch::NoGradGuard no_grad;
  json names = json::array();
  std::vector<RawTensor> out;
  for (const auto& [name, value] : model.activations(spec, inputs)) {
    names.push_back(name);
    out.push_back(to_raw(name, value.to(torch::kFloat32)));
  }
  return {{{"layers", names}}, out};
}

const std::map<std::string, std::function<Reply(const json&, const Tensors&, const Progress&)>>& operations() {
  static const std::map<std::string, std::function<Reply(const json&, const Tensors&, const Progress&)>> ops = {
      {"hello", hello}, {"echo", echo}, {"train", train}, {"evaluate", evaluate}, {"step", step}, {"activations", activations}};
  return ops;
}

/// One line: libtorch's messages carry a C++ backtrace after the first line.
std::string one_line(const std::string& message) {
  auto line = message.substr(0, message.find('\n'));
  return line.empty() ? "unknown error" : line;
}

int serve(int frames_fd) {
  for (;;) {
    Frame frame;
    try {
      if (!read_frame(0, frame)) return 0;
    } catch (const MalformedRequest& e) {
      std::cerr << "libtorch-cpp worker: malformed request: " << e.what() << std::endl;
      write_frame(frames_fd, {{"id", e.id}, {"ok", false}, {"error", one_line(e.what())}, {"type", "MalformedRequest"}});
      continue;
    } catch (const FrameError& e) {
      std::cerr << "libtorch-cpp worker: malformed request frame: " << e.what() << std::endl;
      return 2;
    }
    auto id = frame.header.contains("id") ? frame.header["id"] : json();
    auto op = frame.header.value("op", json()).is_string() ? frame.header["op"].get<std::string>() : std::string();
    if (op == "shutdown") {
      write_frame(frames_fd, {{"id", id}, {"ok", true}, {"result", json::object()}});
      return 0;
    }
    auto progress = [&](const std::string& message) {
      std::cerr << "[" << op << "] " << message << std::endl;
      write_frame(frames_fd, {{"id", id}, {"event", "progress"}, {"message", message}});
    };
    std::string error, type;
    try {
      auto found = operations().find(op);
      if (found == operations().end()) {
        std::string known;
        for (const auto& [name, _] : operations()) known += name + ", ";
        throw std::invalid_argument("unknown op '" + op + "' (known: " + known + "shutdown)");
      }
      auto args = frame.header.value("args", json::object());
      if (!args.is_object()) throw std::invalid_argument("request args are not a JSON object");
      auto [result, result_tensors] = found->second(args, frame.tensors, progress);
      write_frame(frames_fd, {{"id", id}, {"ok", true}, {"result", result}}, result_tensors);
      continue;
    } catch (const c10::Error& e) {
      error = e.what_without_backtrace(), type = "c10::Error";
    } catch (const safetensors::Error& e) {
      error = e.what(), type = "SafetensorsError";
    } catch (const json::exception& e) {
      error = e.what(), type = "JsonError";
    } catch (const std::exception& e) {
      error = e.what(), type = "Error";
    }
    // Every failure becomes a reply; the worker stays alive.
    std::cerr << "[" << op << "] failed: " << error << std::endl;
    write_frame(frames_fd, {{"id", id}, {"ok", false}, {"error", one_line(error)}, {"type", type}});
  }
}

int threads_option(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--threads" && i + 1 < argc) return std::atoi(argv[i + 1]);
    if (arg == "--help") {
      std::cerr << "usage: libtorch_worker [--threads N]   (default $" << ThreadsVariable << ", else libtorch's default)\n";
      std::exit(0);
    }
  }
  auto variable = std::getenv(ThreadsVariable);
  return variable ? std::atoi(variable) : 0;
}

}  // namespace
}  // namespace worker

int main(int argc, char** argv) {
  // Frames go to a duplicate of the real stdout; fd 1 becomes stderr, so prints from libtorch cannot corrupt them.
  int frames_fd = ::dup(1);
  ::dup2(2, 1);
  auto threads = worker::threads_option(argc, argv);
  if (threads > 0) torch::set_num_threads(threads);
  try {
    return worker::serve(frames_fd);
  } catch (const std::exception& e) {
    std::cerr << "libtorch-cpp worker stopped: " << e.what() << std::endl;
    return 1;
  }
}
