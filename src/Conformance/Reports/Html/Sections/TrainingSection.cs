using BindingConformance.Cells;
using BindingConformance.Kinds.Training;
using BindingConformance.Reports.Html.Plots;

namespace BindingConformance.Reports.Html.Sections;

/// <summary>Every training cell's curves, every seed: accuracy per epoch and the loss of every optimizer step, per model and binding.</summary>
public sealed class TrainingSection : IHtmlSection
{
    public string Id => "training";

    public string Title => "Training curves";

    public Markup? Render(RunReport report, SvgPlotter plots)
    {
        var trained = report.Cells.Where(c => c.Kind == TrainingKind.Instance).Select(c => (Cell: c, Curves: SeedCurves.Of(c))).Where(t => t.Curves.Count > 0).ToArray();
        if (trained.Length == 0) return null;
        var figures = trained.GroupBy(t => t.Cell.Key.Subject).Select(model =>
            Markup.Element("h3", model.Key) + Markup.Join(model.Select(t =>
            {
                var title = $"{t.Cell.Key.Subject} · {t.Cell.Key.Binding} ({t.Cell.Key.Device})";
                var caption = Markup.Text($"{t.Curves.Count} seed{(t.Curves.Count == 1 ? "" : "s")} ({string.Join(", ", t.Curves.Select(s => s.Seed))}); ") +
                              HtmlTable.Outcome(t.Cell.Outcome, t.Cell.Reason) +
                              (t.Cell.Reference is { } reference ? Markup.Text($" against {reference}") : Markup.Empty) +
                              (t.Cell.FromCache ? Markup.Element("span", " (from the cache)", ("class", "cached")) : Markup.Empty);
                return Markup.Element("figure",
                    Markup.Element("div", TrainingCurvesPlot.Accuracy(plots, title, t.Curves) + TrainingCurvesPlot.Loss(plots, title, t.Curves), ("class", "plots")) +
                    Markup.Element("figcaption", caption));
            })));
        return Markup.Join(figures);
    }
}
