using BindingConformance.Oracles.Workers;

namespace BindingConformance.Oracles.Tests.LibTorchCpp;

/// <summary>
/// Where bootstrap.sh builds the libtorch C++ worker (src/Oracles/LibTorchCpp, binding <c>libtorch-cpp</c>) and its
/// safetensors corpus test, and how a test starts the worker: single-threaded, as the Python worker beside it.
/// </summary>
internal static class LibTorchCppWorker
{
    public const string Binding = "libtorch-cpp";

    public static string Folder => Path.Combine(ProductPaths.Root, ".cache", "libtorch-cpp");

    public static string Executable => Path.Combine(Folder, "libtorch_worker");

    public static string CorpusTest => Path.Combine(Folder, "safetensors_corpus_test");

    /// <summary>Why the worker cannot run here, or null when it is built.</summary>
    public static string? WhyNotBuilt() =>
        File.Exists(Executable) && File.Exists(CorpusTest) ? null
            : $"{Binding} is not built ({Executable} or {CorpusTest} is missing): run ./bootstrap.sh, which installs libtorch-dev and compiles it";

    public static WorkerProcess Start() => WorkerProcess.Start(Binding, Executable, ["--threads", "1"]);
}
