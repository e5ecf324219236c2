using System.Globalization;
using System.Security;
using BindingConformance.Cells;

namespace BindingConformance.Reports;

/// <summary>
/// A flat SVG badge for one binding release, e.g. <c>torchsharp 0.107.0 conformance | 14/14 passed</c> (the version the run
/// probed, left out when the binding was unavailable): green when every verdict cell that ran passed, red when any failed,
/// grey when nothing could run. Only verdict kinds count
/// (<see cref="CellKind.CountsTowardsBadges"/>): measurements always pass. An incomplete run says so, never green.
/// </summary>
public sealed record ConformanceBadge(string Label, string Message, string Color)
{
    /// <exception cref="ArgumentException">The report knows no binding <paramref name="binding"/>; the message lists those it knows.</exception>
    public static ConformanceBadge For(RunReport report, string binding)
    {
        var present = BindingsIn(report);
        if (!present.Contains(binding))
            throw new ArgumentException($"binding '{binding}' is not in the report; it has: {(present.Count == 0 ? "none" : string.Join(", ", present))}");
        // The binding's own cells: those where it is the binding under test (a file it wrote is judged where it is loaded).
        var cells = report.Cells.Where(c => c.Kind.CountsTowardsBadges && c.Key.Binding == binding).ToArray();
        var ran = cells.Where(c => c.Outcome != CellOutcome.Skipped).ToArray();
        var passed = ran.Count(c => c.Outcome == CellOutcome.Passed);
        var (message, color) = ran.Length == 0
            ? (cells.Length == 0 ? "no cells" : "unavailable", "#9f9f9f")
            : ($"{passed}/{ran.Length} passed", passed == ran.Length ? "#4c1" : "#e05d44");
        // A run that stopped early proves less than its count says: never green.
        if (!report.Complete) (message, color) = ($"{message} (incomplete run)", color == "#4c1" ? "#dfb317" : color);
        var version = report.Bindings.FirstOrDefault(b => b["id"]?.ToString() == binding)?["version"]?.ToString();
        return new ConformanceBadge($"{binding}{(string.IsNullOrEmpty(version) ? "" : $" {version}")} conformance", message, color);
    }

    /// <summary>The bindings probed by the run and those named in its cells (both ends of a cross-load), sorted.</summary>
    private static SortedSet<string> BindingsIn(RunReport report) => new(
        report.Bindings.Select(b => b["id"]?.ToString()).OfType<string>()
            .Concat(report.Cells.SelectMany(c => c.Key.Bindings)),
        StringComparer.Ordinal);

    public string ToSvg()
    {
        // 7 px per character approximates Verdana 11 px, as shields-style badges do.
        int Width(string text) => 10 + 7 * text.Length;
        var (left, right) = (Width(Label), Width(Message));
        string X(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        var (label, message) = (SecurityElement.Escape(Label), SecurityElement.Escape(Message));
        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="{left + right}" height="20" role="img" aria-label="{label}: {message}">
              <title>{label}: {message}</title>
              <rect width="{left}" height="20" fill="#555"/>
              <rect x="{left}" width="{right}" height="20" fill="{Color}"/>
              <g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">
                <text x="{X(left / 2.0)}" y="14">{label}</text>
                <text x="{X(left + right / 2.0)}" y="14">{message}</text>
              </g>
            </svg>

            """;
    }
}
