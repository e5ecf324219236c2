using BindingConformance.Cells;
using BindingConformance.Oracles;

namespace BindingConformance.Runs;

/// <summary>
/// Which binding a cell's binding is held to, decided here once for both front ends (<see cref="ReferenceRole"/>,
/// docs/glossary.md): the compared binding of a training, the capturer of the hazard probes, the eager run a mode is
/// compared with, the mode that run is in, and the order in which a run trains bindings.
/// </summary>
public static class CellReferences
{
    /// <summary>
    /// The default bindings <paramref name="oracle"/> may be compared with, in order: its framework's default, then the
    /// other frameworks' defaults (where TensorFlow's Python binding cannot train here, PyTorch's is the yardstick).
    /// Empty for a default binding: it is the reference and is compared with nothing.
    /// </summary>
    public static IReadOnlyList<IBindingOracle> ComparedCandidates(OracleRegistry registry, IBindingOracle oracle) =>
        oracle.Binding.IsDefault ? []
            : registry.Oracles.Where(o => o.Binding.IsDefault).OrderByDescending(o => o.Binding.Framework == oracle.Binding.Framework).ToArray();

    /// <summary>
    /// The training <paramref name="oracle"/>'s training is compared with: <paramref name="declared"/> when a theory names one,
    /// else the first of <see cref="ComparedCandidates"/> that trained; null with nothing to say when there is none to compare with,
    /// null with the reason when the declared one did not train.
    /// </summary>
    public static async Task<(TrainingOutcome? Reference, string? WhyNot)> ComparedAsync(CellEngine engine, PlannedModel model, IBindingOracle oracle,
        string device, string? declared, CancellationToken cancellationToken)
    {
        if (declared is not null && declared != oracle.Binding.Id)
        {
            var outcome = await engine.TrainingAsync(model, engine.Registry.Get(declared), device, cancellationToken);
            return outcome.Evidence is null ? (null, $"reference binding {declared} did not train {model.Spec.Name}: {outcome.WhyNot}") : (outcome, null);
        }
        if (declared is not null) return (null, null);
        foreach (var candidate in ComparedCandidates(engine.Registry, oracle))
        {
            var outcome = await engine.TrainingAsync(model, candidate, device, cancellationToken);
            if (outcome.Evidence is not null) return (outcome, null);
        }
        return (null, null);
    }

    /// <summary>The binding whose captures (traced, scripted, ONNX, initial weights) the others run: the default binding that traces.</summary>
    public static IBindingOracle? Capturer(OracleRegistry registry) =>
        registry.Oracles.FirstOrDefault(o => o.Binding.IsDefault && o.Capabilities.ExecutionModes.Contains(ExecutionMode.Traced));

    /// <summary>The binding whose eager run a mode of <paramref name="oracle"/> is compared with: its own, else the capturer's.</summary>
    public static IBindingOracle? EagerOf(OracleRegistry registry, IBindingOracle oracle) =>
        oracle.Capabilities.ExecutionModes.Contains(ExecutionMode.Eager) ? oracle : Capturer(registry);

    /// <summary>
    /// The binding and mode a probe cell of <paramref name="kind"/> compares <paramref name="oracle"/>'s <paramref name="mode"/>
    /// with: eager in the same binding (the capturer's eager for a binding without one), or the capturer's matching mode
    /// (<see cref="ExecutionMode.CounterpartMode"/>); null when no binding here runs it.
    /// </summary>
    public static (IBindingOracle Binding, string Mode)? ExpectedRun(CellKind kind, OracleRegistry registry, IBindingOracle oracle, string mode) =>
        (kind.Reference == ReferenceRole.Capturer ? Capturer(registry) : EagerOf(registry, oracle)) is { } binding ? (binding, ExpectedMode(kind, mode)) : null;

    /// <summary>The mode of the run a probe cell of <paramref name="kind"/> compares <paramref name="mode"/> with.</summary>
    public static string ExpectedMode(CellKind kind, string mode) =>
        kind.Reference == ReferenceRole.Capturer ? ExecutionMode.CounterpartMode(mode) : ExecutionMode.Eager;

    /// <summary>
    /// Whether the capturer, the reference of its framework's bindings, runs the mode <paramref name="mode"/> must reproduce;
    /// another framework's binding (TensorFlow.js) has its own semantics (no in-place ops). ONNX Runtime runs a functional graph
    /// exported from the trace (no in-place update of the caller's input, no Python counter) and TensorFlow.js a layers model:
    /// no other binding runs those, so they are held to their approved behaviour against eager only.
    /// </summary>
    public static bool HasCounterpart(OracleRegistry registry, IBindingOracle oracle, string mode) =>
        Capturer(registry) is { } capturer && capturer != oracle && capturer.Binding.Framework == oracle.Binding.Framework && mode != ExecutionMode.Onnx
        && capturer.Capabilities.ExecutionModes.Contains(ExecutionMode.CounterpartMode(mode));

    /// <summary><paramref name="oracles"/> with the default bindings first, so that everything else is compared with runs that exist.</summary>
    public static IReadOnlyList<IBindingOracle> ReferencesFirst(IEnumerable<IBindingOracle> oracles) =>
        oracles.OrderByDescending(o => o.Binding.IsDefault).ToArray();
}
