using System.Text.Json.Nodes;
using BindingConformance.Reports;

namespace BindingConformance.TimeAccounting;

/// <summary>One binding's own compute in a run: the wall seconds inside its calls, by <see cref="ComputeUse"/>.</summary>
public sealed record BindingCompute(string Binding, IReadOnlyDictionary<ComputeUse, double> Seconds)
{
    public double TotalSeconds => Seconds.Values.Sum();

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["binding"] = Binding };
        foreach (var use in Enum.GetValues<ComputeUse>()) json[Name(use)] = Math.Round(Seconds.GetValueOrDefault(use), 2);
        return json;
    }

    /// <exception cref="InvalidDataException">A field is missing or of the wrong kind.</exception>
    public static BindingCompute FromJson(JsonObject json)
    {
        var o = new JsonFields(json, "binding compute");
        return new BindingCompute(o.Text("binding"), Enum.GetValues<ComputeUse>().ToDictionary(u => u, u => o.Number(Name(u))));
    }

    /// <summary><c>training_seconds</c>.</summary>
    public static string Name(ComputeUse use) => $"{use.ToString().ToLowerInvariant()}_seconds";
}
