using System.Text.Json.Nodes;
using BindingConformance.Reports;
using BindingConformance.Runs;

namespace BindingConformance.Repro;

/// <summary>
/// One execution-mode comparison a repro bundle re-runs: hazard probe <see cref="Probe"/> in <see cref="Mode"/> of
/// <see cref="Target"/>, against its eager run and the approved behaviour (<see cref="CellKinds.Hybridization"/>) or
/// against <see cref="Reference"/>'s matching mode (<see cref="CellKinds.HybridizationConformance"/>), judged by
/// <see cref="HybridizationCells"/>. <see cref="Mutant"/> names the simulated bug applied to the target, if any.
/// </summary>
/// <param name="Reference">The binding whose run is expected: the eager one for a hybridization cell, the capturer for a conformance cell.</param>
public sealed record ProbeReproCase(string Cell, string Kind, string Probe, string Mode, string Device, string Reference, string Target, string? Mutant)
{
    /// <summary>The cell kinds a probe comparison reproduces.</summary>
    public static bool Covers(CellResult cell) => cell.Suite is CellKinds.Hybridization or CellKinds.HybridizationConformance;

    /// <summary><c>compare(probe: tensor-branch, mode: traced, bindings: pytorch-python→torchsharp, mutant: baked-batch, device: cpu)</c>.</summary>
    public string Title =>
        $"compare(probe: {Probe}, mode: {Mode}, {(Kind == CellKinds.Hybridization ? $"binding: {Target} against eager" : $"bindings: {Reference}→{Target}")}" +
        $"{(Mutant is null ? "" : $", mutant: {Mutant}")}, device: {Device})";

    /// <summary>The <c>--bindings</c> of <c>conformance compare</c>: the target alone against its eager run, else reference then target.</summary>
    public string Bindings => Kind == CellKinds.Hybridization ? Target : $"{Reference},{Target}";

    public JsonObject ToJson() => new()
    {
        ["cell"] = Cell,
        ["kind"] = Kind,
        ["probe"] = Probe,
        ["mode"] = Mode,
        ["device"] = Device,
        ["reference"] = Reference,
        ["target"] = Target,
        ["mutant"] = Mutant,
    };
}
