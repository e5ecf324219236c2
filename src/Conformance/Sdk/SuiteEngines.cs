using System.Collections.Concurrent;
using BindingConformance.Oracles;
using BindingConformance.Runs;

namespace BindingConformance.Sdk;

/// <summary>
/// One <see cref="CellEngine"/> per registry and model for the xunit front end, planned by the smoke tier exactly as
/// <c>conformance run</c> plans it by default (seeds 1..5, every device), so a cell gets the same verdict either way.
/// Training and own evaluations are shared by every cell of the process that needs them.
/// </summary>
internal static class SuiteEngines
{
    /// <summary>The seeds of <c>conformance run</c>'s default <c>--seeds 5</c>.</summary>
    public static IReadOnlyList<int> Seeds { get; } = [1, 2, 3, 4, 5];

    private static readonly ConcurrentDictionary<(OracleRegistry Registry, string Suite, string Model), Lazy<CellEngine>> engines = new();

    private static readonly ConcurrentDictionary<(OracleRegistry Registry, string Suite), Lazy<HybridizationCells>> hybridizations = new();

    /// <summary>The hybridization cells of a suite's registry, sharing every probe run (and the capturer's captures) between its cells.</summary>
    public static HybridizationCells HybridizationFor(ConformanceCell cell) =>
        hybridizations.GetOrAdd((cell.Registry, cell.Suite), key => new(() =>
        {
            var output = Path.Combine(ProductPaths.Root, "artifacts", "suites", key.Suite);
            return new HybridizationCells(key.Registry, new RunPlan(TierPolicy.Smoke.Name, [], Device.All, output), new Progress<string>());
        })).Value;

    public static CellEngine For(ConformanceCell cell) =>
        engines.GetOrAdd((cell.Registry, cell.Suite, cell.Model), key => new(() =>
        {
            var output = Path.Combine(ProductPaths.Root, "artifacts", "suites", key.Suite);
            var progress = new Progress<string>();
            var plan = TierPolicy.Smoke.Plan([key.Model], Seeds, Device.All, output, key.Registry.Oracles, progress);
            return new CellEngine(key.Registry, plan, progress);
        })).Value;
}
