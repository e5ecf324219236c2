using System.Globalization;
using System.Text.Json.Nodes;

namespace BindingConformance.Verdicts;

/// <summary>One rule applied to one cell: its name, whether it held, the measured value and the bound it was held to.</summary>
/// <param name="Rule">The rule's stable name, as in docs/verdicts.md (e.g. <c>exact-trajectory</c>).</param>
/// <param name="Detail">What was compared, in words a binding owner can act on.</param>
public sealed record RuleCheck(string Rule, bool Passed, string Value, string Bound, string Detail)
{
    public static RuleCheck Of(string rule, bool passed, double value, string bound, string detail) =>
        new(rule, passed, Number(value), bound, detail);

    /// <summary><c>exact-trajectory: step 14 of seed 2 … (value 0.0123, bound ≤ 1e-06)</c>.</summary>
    public string Message => $"{Rule}: {Detail} (value {Value}, bound {Bound})";

    public JsonObject ToJson() => new()
    {
        ["rule"] = Rule,
        ["passed"] = Passed,
        ["value"] = Value,
        ["bound"] = Bound,
        ["detail"] = Detail,
    };

    /// <summary>Numbers with enough digits to compare with a bound, in invariant culture.</summary>
    public static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
