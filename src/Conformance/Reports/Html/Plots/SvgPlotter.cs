using System.Text.RegularExpressions;
using ScottPlot;

namespace BindingConformance.Reports.Html.Plots;

/// <summary>
/// Renders ScottPlot plots as SVG to inline in one HTML document: without the XML declaration, with the ids of each
/// plot's clip paths made unique in the document (ScottPlot names them alike in every plot), labelled for assistive
/// technology. ScottPlot (through SkiaSharp) escapes the text it draws.
/// </summary>
public sealed partial class SvgPlotter
{
    private int count;

    /// <summary>A plot with the report's look: sans-serif text, no figure border.</summary>
    public static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        return plot;
    }

    public Markup Render(Plot plot, int width, int height, string label)
    {
        using (plot)
        {
            var prefix = $"p{Interlocked.Increment(ref count)}_";
            var svg = plot.GetSvgXml(width, height);
            svg = Declaration().Replace(svg, "");
            svg = Ids().Replace(svg, m => $"{m.Groups[1].Value}{prefix}");
            svg = svg.Replace("<svg ", $"<svg role=\"img\" class=\"plot\" aria-label=\"{Markup.Text(label).Html}\" ", StringComparison.Ordinal);
            return Markup.Trusted(svg);
        }
    }

    [GeneratedRegex(@"^\s*<\?xml[^>]*\?>\s*")]
    private static partial Regex Declaration();

    // id="cl_4", url(#cl_4), href="#cl_4": every reference to an id the plot defines.
    [GeneratedRegex(@"(id=""|url\(#|href=""#)(?=[A-Za-z_])")]
    private static partial Regex Ids();
}
