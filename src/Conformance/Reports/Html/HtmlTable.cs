namespace BindingConformance.Reports.Html;

/// <summary>A table of the HTML report: a header row of literal column names, then rows of markup.</summary>
public static class HtmlTable
{
    public static Markup Of(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<Markup>> rows, string? @class = null) =>
        Markup.Element("table",
            Markup.Element("thead", Markup.Element("tr", Markup.Join(headers.Select(h => Markup.Element("th", h))))) +
            Markup.Element("tbody", Markup.Join(rows.Select(r => Markup.Element("tr", Markup.Join(r.Select(c => Markup.Element("td", c))))))),
            ("class", @class));

    /// <summary>An outcome as a coloured word (passed, failed, skipped), with <paramref name="why"/> as its tooltip.</summary>
    public static Markup Outcome(Cells.CellOutcome outcome, string? why = null) =>
        Markup.Element("span", outcome.ToString().ToLowerInvariant(), ("class", $"outcome {outcome.ToString().ToLowerInvariant()}"), ("title", why));
}
