using BindingConformance.Cells;
using BindingConformance.Kinds.Evaluation;

namespace BindingConformance.Reports.Html.Sections;

/// <summary>
/// The load cells as a matrix per model: the binding that wrote the file (row) × the binding that loaded it (column), one
/// mark per format (and device, where a run has several), coloured by outcome; on the diagonal, each binding's own file.
/// Built from the cells' typed keys (<see cref="CellKey.Source"/>, <see cref="CellKey.Binding"/>, <see cref="CellKey.Format"/>).
/// </summary>
public sealed class CrossLoadSection : IHtmlSection
{
    public string Id => "cross-load";

    public string Title => "Cross-load matrix";

    public Markup? Render(RunReport report, Plots.SvgPlotter plots)
    {
        var loads = report.Cells.Where(c => c.Kind == CrossLoadKind.Instance || c.Kind == WeightTransferKind.Instance || c.Kind == OwnFileKind.Instance).ToArray();
        if (loads.Length == 0) return null;
        var severalDevices = loads.Select(c => c.Key.Device).Distinct().Count() > 1;
        var legend = Markup.Element("p", Markup.Text("Rows: the binding that saved the file. Columns: the binding that loaded it. ") +
                                         Markup.Join(Enum.GetValues<CellOutcome>().Select(o => Markup.Element("span", o.ToString().ToLowerInvariant(), ("class", $"chip {Css(o)}"))), " ") +
                                         Markup.Text(" Weight transfers (safetensors across frameworks) are marked ⇄; the diagonal's \"own\" marks are each binding's own file."));
        return legend + Markup.Join(loads.GroupBy(c => c.Key.Subject).Select(model =>
        {
            var sources = model.Select(Source).Distinct().ToArray();
            var targets = model.Select(c => c.Key.Binding).Distinct().ToArray();
            var rows = sources.Select(source => (IReadOnlyList<Markup>)
            [
                Markup.Element("th", source),
                .. targets.Select(target => Marks(model.Where(c => Source(c) == source && c.Key.Binding == target).ToArray(), severalDevices)),
            ]);
            var table = Markup.Element("table",
                Markup.Element("thead", Markup.Element("tr", Markup.Element("th", "saved by ↓ / loaded by →") + Markup.Join(targets.Select(t => Markup.Element("th", t))))) +
                Markup.Element("tbody", Markup.Join(rows.Select(r => Markup.Element("tr", r[0] + Markup.Join(r.Skip(1).Select(c => Markup.Element("td", c))))))),
                ("class", "matrix"));
            return Markup.Element("h3", model.Key) + table;
        }));
    }

    private static string Source(CellResult cell) => cell.Key.Source ?? cell.Key.Binding;

    /// <summary>A mark per cell that ran; the skipped ones (an absent binding or device) as one grey mark whose tooltip lists them.</summary>
    private static Markup Marks(IReadOnlyList<CellResult> cells, bool severalDevices)
    {
        var ran = Markup.Join(cells.Where(c => c.Outcome != CellOutcome.Skipped).Select(c => Chip(c, severalDevices)), " ");
        var skipped = cells.Where(c => c.Outcome == CellOutcome.Skipped).ToArray();
        if (skipped.Length == 0) return ran;
        var why = string.Join("\n", skipped.Select(c => $"{c.Name}: {c.Reason}"));
        return ran + Markup.Text(" ") + Markup.Element("span", $"{skipped.Length} skipped", ("class", "chip skipped"), ("title", why));
    }

    private static Markup Chip(CellResult cell, bool severalDevices)
    {
        var label = $"{(cell.Kind == OwnFileKind.Instance ? "own " : "")}{cell.Key.Format}{(cell.Kind == WeightTransferKind.Instance ? " ⇄" : "")}" +
                    $"{(severalDevices ? $" ({cell.Key.Device})" : "")}";
        return Markup.Element("span", label, ("class", $"chip {Css(cell.Outcome)}"), ("title", $"{cell.Name}: {cell.Outcome.ToString().ToLowerInvariant()}{(cell.Reason is { } r ? $": {r}" : "")}"));
    }

    private static string Css(CellOutcome outcome) => outcome.ToString().ToLowerInvariant();
}
