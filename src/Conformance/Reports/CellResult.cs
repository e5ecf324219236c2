using System.Text.Json.Nodes;

namespace BindingConformance.Reports;

/// <summary>
/// One cell of a run: a model × binding × device × mode coordinate of a suite, how it ended and why,
/// and what it measured. <see cref="Metrics"/> holds plain JSON values (numbers, arrays, strings).
/// </summary>
public sealed record CellResult(
    string Suite,
    string Model,
    string Binding,
    string Device,
    string Mode,
    CellOutcome Outcome,
    string? Reason,
    JsonObject Metrics)
{
    /// <summary>Human-readable coordinates, as in test names: <c>training(model: LeNet5, binding: torchsharp, device: cpu)</c>.</summary>
    public string Name => $"{Suite}(model: {Model}, binding: {Binding}, device: {Device}{(Mode == "eager" ? "" : $", mode: {Mode}")})";
}
