using System.Text.Json.Nodes;
using BindingConformance.Cells;

namespace BindingConformance.Repro;

/// <summary>
/// One execution-mode comparison a repro bundle re-runs: hazard probe <see cref="Probe"/> in <see cref="Mode"/> of
/// <see cref="Target"/>, against its eager run and the approved behaviour (a kind whose reference is
/// <see cref="ReferenceRole.Eager"/>) or against <see cref="Reference"/>'s matching mode (<see cref="ReferenceRole.Capturer"/>).
/// <see cref="Mutant"/> names the simulated bug applied to the target, if any.
/// </summary>
/// <param name="Reference">The binding whose run is expected: the eager one for a hybridization cell, the capturer for a conformance cell.</param>
public sealed record ProbeReproCase(string Cell, CellKind Kind, string Probe, string Mode, string Device, string Reference, string Target, string? Mutant)
{
    /// <summary>The case compares the mode with eager in the target itself (and its approved behaviour), not with another binding.</summary>
    public bool AgainstEager => Kind.Reference == ReferenceRole.Eager;

    /// <summary><c>compare(probe: tensor-branch, mode: traced, bindings: mybinding→torchsharp, mutant: baked-batch, device: cpu)</c>.</summary>
    public string Title =>
        $"compare(probe: {Probe}, mode: {Mode}, {(AgainstEager ? $"binding: {Target} against eager" : $"bindings: {Reference}→{Target}")}" +
        $"{(Mutant is null ? "" : $", mutant: {Mutant}")}, device: {Device})";

    /// <summary>The <c>--bindings</c> of <c>conformance compare</c>: the target alone against its eager run, else reference then target.</summary>
    public string Bindings => AgainstEager ? Target : $"{Reference},{Target}";

    public JsonObject ToJson() => new()
    {
        ["cell"] = Cell,
        ["kind"] = Kind.Name,
        ["probe"] = Probe,
        ["mode"] = Mode,
        ["device"] = Device,
        ["reference"] = Reference,
        ["target"] = Target,
        ["mutant"] = Mutant,
    };

    /// <exception cref="InvalidDataException">A field is missing or not text, or the kind is unknown.</exception>
    public static ProbeReproCase FromJson(JsonObject json)
    {
        var o = new Reports.JsonFields(json, "probe repro case");
        CellKind kind;
        try
        {
            kind = CellKinds.Get(o.Text("kind"));
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
        return new ProbeReproCase(o.Text("cell"), kind, o.Text("probe"), o.Text("mode"), o.Text("device"), o.Text("reference"), o.Text("target"),
            o.OptionalText("mutant"));
    }
}
