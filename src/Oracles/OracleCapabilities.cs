using BindingConformance.Oracles.Hybridization;

namespace BindingConformance.Oracles;

/// <summary>What an oracle can do, declared by the oracle so that invalid matrix cells get a stated reason.</summary>
/// <param name="Models">The zoo models it builds; each name becomes a file name, so it is checked by <see cref="PathSafeName"/>.</param>
public sealed record OracleCapabilities(
    bool CanTrain,
    IReadOnlyList<string> Models,
    IReadOnlyList<ModelFormat> SaveFormats,
    IReadOnlyList<ModelFormat> LoadFormats)
{
    private readonly IReadOnlyList<string> models = CheckModels(Models);

    public IReadOnlyList<string> Models
    {
        get => models;
        init => models = CheckModels(value);
    }

    /// <summary>
    /// Inference backends besides the binding's default one on the same device (TensorFlow.js: <c>wasm</c> beside
    /// <c>cpu</c>); each must predict what the default backend does. Chosen with <see cref="EvaluateRequest.Backend"/>.
    /// </summary>
    public IReadOnlyList<string> AlternateBackends { get; init; } = [];

    /// <summary>
    /// True when training takes minutes where the other bindings take seconds (pure-JS TensorFlow.js), so that a
    /// CI tier trains it on fewer models and seeds (see <c>TierPolicy</c>).
    /// </summary>
    public bool SlowTraining { get; init; }

    /// <summary>Formats whose models the binding can run layer by layer (<see cref="IBindingOracle.ActivationsAsync"/>).</summary>
    public IReadOnlyList<ModelFormat> ActivationFormats { get; init; } = [];

    /// <summary>
    /// Execution modes (<see cref="ExecutionMode"/>) the binding runs hazard probes in (<see cref="IBindingOracle.RunProbeAsync"/>);
    /// empty when it runs none.
    /// </summary>
    public IReadOnlyList<string> ExecutionModes { get; init; } = [];

    /// <summary>Why this oracle cannot train <paramref name="model"/>, or null when it can.</summary>
    public string? WhyCannotTrain(string bindingId, string model) =>
        !CanTrain ? $"{bindingId} is inference-only"
        : Models.Contains(model) ? null
        : $"{bindingId} has no implementation of model {model}";

    /// <summary>Why this oracle cannot load <paramref name="format"/>, or null when it can.</summary>
    public string? WhyCannotLoad(string bindingId, ModelFormat format) =>
        LoadFormats.Contains(format) ? null : $"{bindingId} cannot load {format} files";

    /// <summary>Why this oracle cannot run <paramref name="request"/> layer by layer (its format, its batch), or null when it can.</summary>
    public string? WhyCannotReportActivations(string bindingId, ActivationsRequest request) =>
        (ActivationFormats.Contains(request.Format) ? null
            : $"{bindingId} cannot report activations of {request.Format} files (it can for: {(ActivationFormats.Count == 0 ? "none" : string.Join(", ", ActivationFormats))})")
        ?? WhyNoBackend(bindingId, request.Backend)
        ?? request.WhyInvalid();

    /// <summary>Why this oracle cannot run <paramref name="request"/>'s hazard probe (its execution mode), or null when it can.</summary>
    public string? WhyCannotRunProbe(string bindingId, ProbeRunRequest request) => WhyNoExecutionMode(bindingId, request.Mode);

    /// <summary>Why this oracle has no execution mode <paramref name="mode"/> (one of <see cref="ExecutionModes"/>), or null when it has.</summary>
    public string? WhyNoExecutionMode(string bindingId, string mode) =>
        ExecutionModes.Contains(mode) ? null
        : $"{bindingId} has no execution mode '{mode}' (modes: {(ExecutionModes.Count == 0 ? "none" : string.Join(", ", ExecutionModes))})";

    /// <summary>Why this oracle cannot serve <paramref name="request"/> (its file format or its backend), or null when it can.</summary>
    public string? WhyCannotEvaluate(string bindingId, EvaluateRequest request) =>
        WhyCannotLoad(bindingId, request.Format) ?? WhyNoBackend(bindingId, request.Backend);

    private static IReadOnlyList<string> CheckModels(IReadOnlyList<string> names)
    {
        foreach (var name in names) PathSafeName.Check(name, "model name");
        return names;
    }

    private string? WhyNoBackend(string bindingId, string? backend) =>
        backend is null || AlternateBackends.Contains(backend) ? null
            : $"{bindingId} has no inference backend '{backend}' (alternates: {(AlternateBackends.Count == 0 ? "none" : string.Join(", ", AlternateBackends))})";
}
