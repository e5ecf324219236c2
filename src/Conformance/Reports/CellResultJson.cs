using System.Text.Json.Nodes;
using BindingConformance.Cells;
using BindingConformance.Repro;
using BindingConformance.Verdicts;

namespace BindingConformance.Reports;

/// <summary>
/// A cell as report.json holds it (docs/report.schema.json, <c>$defs/cell</c>): its key's coordinates flat, its outcome and
/// reason, every rule, and each typed fact. <see cref="Read"/> is <see cref="Write"/>'s inverse and treats the file as
/// hostile: a field of the wrong kind, an unknown kind or outcome is <see cref="InvalidDataException"/>.
/// </summary>
public static class CellResultJson
{
    public static JsonObject Write(CellResult cell) => new()
    {
        ["name"] = cell.Name,
        ["kind"] = cell.Kind.Name,
        ["role"] = Lower(cell.Kind.Role),
        ["subject_axis"] = Lower(cell.Kind.Subject),
        ["subject"] = cell.Key.Subject,
        ["source"] = cell.Key.Source,
        ["binding"] = cell.Key.Binding,
        ["device"] = cell.Key.Device,
        ["mode"] = cell.Key.Mode,
        ["format"] = cell.Key.Format,
        ["backend"] = cell.Key.Backend,
        ["outcome"] = Lower(cell.Outcome),
        ["reason"] = cell.Reason,
        ["note"] = cell.Note,
        ["reference"] = cell.Reference,
        ["rules"] = new JsonArray(cell.Checks.Select(c => (JsonNode)c.ToJson()).ToArray()),
        ["blame"] = cell.Blame is { } blame ? new JsonObject { ["binding"] = blame.Binding, ["why"] = blame.Why } : null,
        ["behaviour"] = cell.Behaviour is { } b ? new JsonObject { ["behaviour"] = b.Behaviour, ["silent"] = b.Silent } : null,
        ["speed"] = cell.Speed is { } s ? new JsonObject { ["verdict"] = s.Verdict, ["ratio"] = s.Ratio } : null,
        ["first_divergence"] = cell.FirstDivergence,
        ["from_cache"] = cell.FromCache,
        ["repro"] = new JsonObject
        {
            ["run"] = cell.Repro.Run,
            ["forward"] = cell.Repro.Forward?.ToJson(),
            ["probe"] = cell.Repro.Probe?.ToJson(),
            ["bundle"] = cell.Repro.Bundle,
            ["missing"] = cell.Repro.Missing,
        },
        ["metrics"] = cell.Metrics.ToJson(),
    };

    /// <exception cref="InvalidDataException">The object is not a cell this release writes; the message names the field.</exception>
    public static CellResult Read(JsonObject json)
    {
        var o = new JsonFields(json, "cell");
        var kind = Parse(() => CellKinds.Get(o.Text("kind")));
        if (o.OptionalText("role") is { } role && role != Lower(kind.Role))
            throw new InvalidDataException($"cell kind '{kind.Name}' is a {Lower(kind.Role)}, not a {role}");
        var key = new CellKey(kind, o.Text("subject"), o.Text("binding"), o.Text("device"))
        {
            Source = o.OptionalText("source"),
            Mode = o.OptionalText("mode"),
            Format = o.OptionalText("format"),
            Backend = o.OptionalText("backend"),
        };
        var outcome = Parse(() => Enum.Parse<CellOutcome>(o.Text("outcome"), ignoreCase: true));
        var repro = o.OptionalObject("repro") is { } r ? new JsonFields(r, "repro") : null;
        return new CellResult(key, outcome, o.OptionalText("note"))
        {
            Reference = o.OptionalText("reference"),
            Checks = o.Objects("rules").Select(ReadCheck).ToArray(),
            Blame = o.OptionalObject("blame") is { } blame ? new Blame(new JsonFields(blame, "blame").Text("binding"), new JsonFields(blame, "blame").Text("why")) : null,
            Behaviour = o.OptionalObject("behaviour") is { } b ? new ProbeBehaviour(new JsonFields(b, "behaviour").Text("behaviour"), new JsonFields(b, "behaviour").Bool("silent")) : null,
            Speed = o.OptionalObject("speed") is { } s ? new SpeedFinding(new JsonFields(s, "speed").Text("verdict"), new JsonFields(s, "speed").Number("ratio")) : null,
            FirstDivergence = o.OptionalText("first_divergence"),
            // Absent in reports written before the run cache existed.
            FromCache = json["from_cache"] is not null && o.Bool("from_cache"),
            Repro = repro is null ? CellRepro.None : new CellRepro(repro.OptionalText("run"))
            {
                Forward = repro.OptionalObject("forward") is { } forward ? ReproCase.FromJson(forward) : null,
                Probe = repro.OptionalObject("probe") is { } probe ? ProbeReproCase.FromJson(probe) : null,
                Bundle = repro.OptionalText("bundle"),
                Missing = repro.OptionalText("missing"),
            },
            Metrics = new CellMetrics(o.OptionalObject("metrics")),
        };
    }

    private static RuleCheck ReadCheck(JsonObject json)
    {
        var o = new JsonFields(json, "rule");
        return new RuleCheck(o.Text("rule"), o.Bool("passed"), o.Text("value"), o.Text("bound"), o.OptionalText("detail") ?? "");
    }

    private static T Parse<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
    }

    private static string Lower<T>(T value) where T : Enum => value.ToString().ToLowerInvariant();
}
