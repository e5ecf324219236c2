using System.Collections.Concurrent;
using BindingConformance.Cells;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Runs;

namespace BindingConformance.Sdk;

/// <summary>
/// The engines of the xunit front end, planned by the smoke tier exactly as <c>conformance run</c> plans it by default
/// (seeds 1..5, every device, every hazard probe), so a cell gets the same verdict either way: one per registry, suite and
/// model for model kinds, one per registry and suite for probe kinds (a family of probe measurements spans every probe).
/// Work is shared by every cell of the process that needs it.
/// </summary>
internal static class SuiteEngines
{
    /// <summary>The seeds of <c>conformance run</c>'s default <c>--seeds 5</c>.</summary>
    public static IReadOnlyList<int> Seeds { get; } = [1, 2, 3, 4, 5];

    private static readonly ConcurrentDictionary<(OracleRegistry Registry, string Suite, string? Model), Lazy<CellEngine>> engines = new();

    public static CellEngine For(ConformanceCell cell, CellKind kind) =>
        engines.GetOrAdd((cell.Registry, cell.Suite, kind.Subject == SubjectAxis.Model ? cell.Model : null), key => new(() =>
        {
            var output = Path.Combine(ProductPaths.Root, "artifacts", "suites", key.Suite);
            var progress = new Progress<string>();
            var plan = key.Model is { } model
                ? TierPolicy.Smoke.Plan([model], Seeds, Device.All, output, key.Registry.Oracles, progress)
                : new RunPlan(TierPolicy.Smoke.Name, [], Device.All, output) { Probes = HazardProbes.Names };
            return new CellEngine(key.Registry, plan, progress);
        })).Value;
}
