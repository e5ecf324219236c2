using System.Globalization;
using System.Text.Json.Nodes;

namespace BindingConformance.Repro;

/// <summary>
/// One training a repro bundle re-runs: <see cref="Model"/> trained by <see cref="Binding"/> (and its
/// <see cref="Reference"/>) on <see cref="Device"/> with <see cref="Seeds"/> (consecutive), by <c>conformance run</c>, or,
/// for a simulated bug (<see cref="Mutant"/>), by <c>conformance sensitivity</c> with no clean run.
/// </summary>
public sealed record TrainingReproCase(string Cell, string Model, string Binding, string? Reference, string Device, IReadOnlyList<int> Seeds, string? Mutant)
{
    /// <summary>The command that trains again, as words (without <c>conformance</c> and without <c>--out</c>).</summary>
    public IReadOnlyList<string> Words
    {
        get
        {
            var seeds = new[] { "--seeds", Seeds.Count.ToString(CultureInfo.InvariantCulture), "--first-seed", Seeds[0].ToString(CultureInfo.InvariantCulture) };
            return Mutant is null
                ? ["run", "--models", Model, "--bindings", string.Join(",", new[] { Reference, Binding }.OfType<string>().Distinct()), "--devices", Device, .. seeds]
                : ["sensitivity", "--binding", Binding, .. Reference is null ? Array.Empty<string>() : ["--reference", Reference], "--models", Model, .. seeds,
                    "--mutants", Mutant, "--clean-runs", "0"];
        }
    }

    /// <summary>Seeds a run can be asked for: <c>--seeds N --first-seed F</c> gives F..F+N−1.</summary>
    public bool SeedsAreConsecutive => Seeds.Select((s, i) => s - i).Distinct().Count() == 1;

    public JsonObject ToJson() => new()
    {
        ["model"] = Model,
        ["binding"] = Binding,
        ["reference"] = Reference,
        ["device"] = Device,
        ["seeds"] = new JsonArray(Seeds.Select(s => (JsonNode)s).ToArray()),
        ["mutant"] = Mutant,
    };

    /// <exception cref="InvalidDataException">A field is missing or of the wrong kind.</exception>
    public static TrainingReproCase From(BundleManifest manifest) => new(manifest.Cell, manifest.Required("model"), manifest.Required("binding"),
        manifest.Field("reference"), manifest.Required("device"), manifest.Integers("seeds"), manifest.Field("mutant"));
}
