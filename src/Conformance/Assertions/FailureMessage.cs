using System.Globalization;
using System.Text;

namespace BindingConformance.Assertions;

/// <summary>
/// The text of a failed conformance assertion: what was compared, the numbers a binding owner needs
/// (statistic, threshold, n, ...), the cell, and the command that reproduces it.
/// </summary>
internal static class FailureMessage
{
    public static string Format(string headline, params (string Name, object Value)[] facts) => Format(headline, "", facts);

    /// <summary>As <see cref="Format(string, ValueTuple{string, object}[])"/>, with a preformatted <paramref name="detail"/> block after the facts.</summary>
    public static string Format(string headline, string detail, params (string Name, object Value)[] facts)
    {
        var cell = ConformanceCell.Current;
        var text = new StringBuilder();
        text.Append(headline);
        if (cell is not null) text.Append(CultureInfo.InvariantCulture, $" in {cell} against reference {cell.Reference}");
        text.Append('\n');
        foreach (var (name, value) in facts)
            text.Append(CultureInfo.InvariantCulture, $"  {name}: {Number(value)}\n");
        text.Append(detail);
        if (cell is not null) text.Append(CultureInfo.InvariantCulture, $"Reproduce: {cell.ReproduceCommand}\n");
        return text.ToString();
    }

    /// <summary>Doubles with enough digits to compare with a bound, in invariant culture.</summary>
    public static string Number(object value) => value switch
    {
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>FluentAssertions reads braces in a failure message as placeholders.</summary>
    public static string Escape(string message) => message.Replace("{", "{{").Replace("}", "}}");
}
