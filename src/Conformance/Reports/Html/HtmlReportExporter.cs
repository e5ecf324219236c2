using System.Globalization;
using BindingConformance.Cells;
using BindingConformance.Reports.Html.Plots;
using BindingConformance.Reports.Html.Sections;

namespace BindingConformance.Reports.Html;

/// <summary>
/// <c>report.html</c>: one self-contained file (inline CSS and SVG plots; no script, font or request outside it) that
/// presents a finished <see cref="RunReport"/>: whether the run is complete, the failing cells with their repro bundles,
/// training curves of every seed, time distributions, the cross-load matrix, the hybridization findings, where the time
/// went, the bindings and the environment, every cell, and, given an older report, what changed. Every text from the report
/// is escaped (<see cref="Markup"/>). Its plots take a moment to render, so a run writes it at milestones only.
/// </summary>
/// <param name="previous">An older run to list changes against (<see cref="ChangesSection"/>), or null.</param>
public sealed class HtmlReportExporter(RunReport? previous = null) : IReportExporter
{
    public string FileName => "report.html";

    public bool AfterEveryCell => false;

    public string Export(RunReport report)
    {
        var plots = new SvgPlotter();
        var sections = new List<IHtmlSection>();
        if (previous is not null) sections.Add(new ChangesSection(previous));
        sections.AddRange([new FailuresSection(), new TrainingSection(), new TimeSection(), new CrossLoadSection(), new HybridizationSection(),
            new TimeAccountSection(), new BindingsSection(), new CellsSection()]);
        var rendered = sections.Select(s => (Section: s, Content: s.Render(report, plots))).Where(s => s.Content is not null).ToArray();
        var nav = Markup.Element("nav", Markup.Join(rendered.Select(s => Markup.Element("a", s.Section.Title, ("href", $"#{s.Section.Id}"))), " · "));
        var body = Markup.Join(rendered.Select(s => Markup.Element("section", Markup.Element("h2", s.Section.Title) + s.Content!.Value, ("id", s.Section.Id))));
        var title = $"Conformance report ({report.Tier} tier{(report.Shard is { } shard ? $", shard {shard.Text}" : "")})";
        return "<!DOCTYPE html>\n" + Markup.Element("html",
            Markup.Element("head",
                Markup.Trusted("<meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">") +
                Markup.Element("title", title) + Markup.Element("style", Markup.Trusted(Css))) +
            Markup.Element("body", Markup.Element("header", Markup.Element("h1", title) + Status(report) + Shard(report)) + nav + body),
            ("lang", "en")).Html + "\n";
    }

    /// <summary>Whether the run is complete, and its counts.</summary>
    private static Markup Status(RunReport report)
    {
        var verdicts = report.Cells.Where(c => c.Kind.CountsTowardsBadges).ToArray();
        var state = report.Complete
            ? Markup.Element("p", "Complete: the run finished every cell of its plan.", ("class", "status complete"))
            : Markup.Element("p", "INCOMPLETE: the run is still going, or it was interrupted; the cells below are those it recorded.", ("class", "status incomplete"));
        var counts = Markup.Element("p",
            $"{report.Count(CellOutcome.Passed)} passed, {report.Count(CellOutcome.Failed)} failed, {report.Count(CellOutcome.Skipped)} skipped " +
            $"({report.Cells.Count(c => c.FromCache)} from the cache); verdict cells: {verdicts.Count(c => c.Outcome == CellOutcome.Passed)} passed, " +
            $"{verdicts.Count(c => c.Outcome == CellOutcome.Failed)} failed. Started {report.StartedAt.ToString("u", CultureInfo.InvariantCulture)}, " +
            $"{report.ElapsedSeconds.ToString("0", CultureInfo.InvariantCulture)} s.");
        return state + counts;
    }

    /// <summary>Which part of a plan a shard's report covers.</summary>
    private static Markup Shard(RunReport report) => report.Shard is not { } shard ? Markup.Empty
        : Markup.Element("p", $"Shard {shard.Text} of a plan of models {string.Join(", ", shard.PlanModels)} and {shard.PlanProbes.Count} probes: this shard ran " +
                              $"models {(shard.Models.Count == 0 ? "none" : string.Join(", ", shard.Models))} and probes {(shard.Probes.Count == 0 ? "none" : string.Join(", ", shard.Probes))}; " +
                              "conformance merge joins the shards.");

    private const string Css = """
        body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; margin: 1.5em auto; max-width: 1200px; color: #222; padding: 0 1em; }
        h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 1.6em; } h3 { margin-bottom: .3em; }
        nav { margin: .8em 0; font-size: .95em; } nav a { color: #0645ad; }
        .status { font-weight: bold; padding: .4em .6em; border-radius: 4px; display: inline-block; }
        .status.complete { background: #e6f4ea; color: #1e6b33; } .status.incomplete { background: #fdecea; color: #a12622; }
        table { border-collapse: collapse; margin: .5em 0; font-size: .9em; }
        th, td { border: 1px solid #ddd; padding: .25em .5em; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
        th { background: #f4f4f4; }
        code { font-size: .9em; }
        figure { margin: 1em 0; } .plots { display: flex; flex-wrap: wrap; gap: .5em; }
        figcaption { font-size: .9em; color: #444; }
        .outcome.passed, .chip.passed { color: #1e6b33; } .outcome.failed, .chip.failed { color: #a12622; font-weight: bold; } .outcome.skipped, .chip.skipped { color: #777; }
        .chip { display: inline-block; border-radius: 3px; padding: 0 .35em; margin: .1em 0; font-size: .85em; }
        .chip.passed { background: #dff3e4; } .chip.failed { background: #f9d6d5; } .chip.skipped { background: #eee; }
        table.matrix td { min-width: 8em; } table.matrix th { white-space: nowrap; overflow-wrap: normal; } .cached { color: #555; font-style: italic; }
        details summary { cursor: pointer; margin: .4em 0; }
        """;
}
