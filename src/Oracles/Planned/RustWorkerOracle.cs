namespace BindingConformance.Oracles.Planned;

/// <summary>
/// A Rust binding (tch-rs, the tensorflow crate) would run as a worker binary built with cargo. The
/// probe looks for that binary; building it needs crates that this machine's registries do not serve.
/// </summary>
public sealed class RustWorkerOracle(BindingDescriptor binding, string crate, string workerName, IReadOnlyList<ModelFormat> formats)
    : PlannedBindingOracle(formats)
{
    public override BindingDescriptor Binding { get; } = binding;

    // tch-rs loads TorchScript archives as well as plain weights.
    public static RustWorkerOracle TchRs() => new(new("tch-rs", "pytorch", "rust", IsDefault: false), "tch", "tch_worker",
        [ModelFormat.Safetensors, ModelFormat.TorchScriptTraced, ModelFormat.TorchScriptScripted]);

    public static RustWorkerOracle TensorFlowRust() =>
        new(new("tensorflow-rust", "tensorflow", "rust", IsDefault: false), "tensorflow", "tensorflow_worker", [ModelFormat.Safetensors]);

    public override BindingAvailability Probe()
    {
        var worker = Path.Combine(ProductPaths.Checkout ?? ProductPaths.Home, "workers", "rust", "target", "release", workerName);
        var reason = File.Exists(worker)
            ? $"a {workerName} binary exists at {worker} but this release has no {Binding.Id} adapter"
            : $"the {Binding.Id} worker is not built (no {worker}); it needs the '{crate}' crate";
        return BindingAvailability.Absent(Binding, reason, $"cargo build --release with the '{crate}' crate (crates.io is not reachable on this machine)");
    }
}
