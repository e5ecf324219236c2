using System.Text.Json.Nodes;
using BindingConformance.Oracles;

namespace BindingConformance.Repro;

/// <summary>
/// One comparison a repro bundle re-runs: <see cref="File"/> loaded by <see cref="Reference"/> and by <see cref="Target"/>
/// (the binding at fault), on the bundle's input batch. <see cref="Mutant"/> names the simulated bug applied to the
/// target (sensitivity runs); it is null for a real binding's failure.
/// </summary>
/// <param name="Cell">The failing cell's name, as in the report.</param>
/// <param name="Backend">The target's alternate inference backend (a backend cell: the same binding on its default backend is the reference); null for its default.</param>
public sealed record ReproCase(string Cell, string Model, ModelFormat Format, string File, string Device, string Reference, string Target, string? Mutant,
    string? Backend = null)
{
    /// <summary>The dataset (safetensors cache) whose test split the bundle's input batch is cut from; null when unknown.</summary>
    public string? Data { get; init; }

    /// <summary><c>compare(model: LeNet1, format: safetensors, bindings: mybinding→torchsharp, mutant: activation-swap, device: cpu)</c>.</summary>
    public string Title =>
        $"compare(model: {Model}, format: {Format.WireName()}, bindings: {Reference}→{Target}{(Backend is null ? "" : $", backend: {Backend}")}" +
        $"{(Mutant is null ? "" : $", mutant: {Mutant}")}, device: {Device})";

    public JsonObject ToJson() => new()
    {
        ["cell"] = Cell,
        ["model"] = Model,
        ["format"] = Format.WireName(),
        ["file"] = File,
        ["device"] = Device,
        ["reference"] = Reference,
        ["target"] = Target,
        ["mutant"] = Mutant,
        ["backend"] = Backend,
        ["data"] = Data,
    };

    /// <exception cref="InvalidDataException">A field is missing or not text, or the format is unknown.</exception>
    public static ReproCase FromJson(JsonObject json)
    {
        // report.json is a file users keep and edit: a field of the wrong kind is bad input, not a crash.
        var o = new Reports.JsonFields(json, "repro case");
        ModelFormat format;
        try
        {
            format = ModelFormatNames.FromWireName(o.Text("format"));
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException(e.Message);
        }
        return new ReproCase(o.Text("cell"), o.Text("model"), format, o.Text("file"), o.Text("device"), o.Text("reference"), o.Text("target"),
            o.OptionalText("mutant"), o.OptionalText("backend")) { Data = o.OptionalText("data") };
    }
}
