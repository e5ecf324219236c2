namespace BindingConformance.Reports.Html;

/// <summary>One section of the HTML report: its anchor, its heading, and its content for a report (null when the report has nothing for it).</summary>
public interface IHtmlSection
{
    /// <summary>The section's anchor, linked from the report's navigation.</summary>
    string Id { get; }

    string Title { get; }

    Markup? Render(RunReport report, Plots.SvgPlotter plots);
}
