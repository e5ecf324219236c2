using BindingConformance.Oracles;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Runs;

namespace BindingConformance.Kinds.Hybridization;

/// <summary>Every probe × execution mode of every binding that runs probes, on every device of the plan, in run order (the capturer first).</summary>
internal static class ProbeMatrix
{
    public static IEnumerable<(HazardProbe Probe, IBindingOracle Oracle, string Device, string Mode)> Of(CellEngine engine, IReadOnlyList<string> probes)
    {
        var capturer = CellReferences.Capturer(engine.Registry);
        foreach (var oracle in engine.Registry.Oracles.Where(o => o.Capabilities.ExecutionModes.Count > 0).OrderByDescending(o => o == capturer))
        foreach (var device in engine.Plan.Devices)
        foreach (var probe in probes.Select(HazardProbes.Get))
        foreach (var mode in oracle.Capabilities.ExecutionModes)
            yield return (probe, oracle, device, mode);
    }
}
